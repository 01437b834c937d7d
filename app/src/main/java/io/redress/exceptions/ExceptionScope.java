package io.redress.exceptions;

import io.redress.contract.Resource;
import io.redress.contract.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What an exception covers, and its canonical key on the exceptions topic. The key lists the set fields in a fixed
 * order ({@code account=…;region=…;control=…;resource=…;tag=…}), so a finding can find every exception that could
 * cover it by probing a handful of keys instead of scanning the whole list.
 */
public record ExceptionScope(String account, String region, String control, String resource, String tag) {

  public ExceptionScope {
    if (account == null && region == null && control == null && resource == null && tag == null) {
      throw new IllegalArgumentException("an exception scope needs at least one of account, region, control, resource, tag");
    }
  }

  public static ExceptionScope of(Scope scope) {
    return new ExceptionScope(scope.getAccount(), scope.getRegion(), scope.getControl(), scope.getResource(), scope.getTag());
  }

  public String key() {
    StringJoiner key = new StringJoiner(";");
    append(key, "account", account);
    append(key, "region", region);
    append(key, "control", control);
    append(key, "resource", resource);
    append(key, "tag", tag);
    return key.toString();
  }

  private static void append(StringJoiner key, String name, String value) {
    if (value != null) {
      key.add(name + "=" + value);
    }
  }

  /**
   * Keys of every scope that could cover the resource for the control, narrowest first, so that when several exceptions apply the
   * decision cites the most specific one.
   */
  public static List<String> candidateKeys(Resource resource, String control) {
    String account = resource.getAccount();
    String region = resource.getRegion();
    List<ExceptionScope> scopes = new ArrayList<>();
    scopes.add(new ExceptionScope(null, null, control, resource.getId(), null));
    scopes.add(new ExceptionScope(null, null, null, resource.getId(), null));
    for (Map.Entry<String, String> tag : resource.getTags().entrySet()) {
      String pair = tag.getKey() + "=" + tag.getValue();
      scopes.add(new ExceptionScope(null, null, control, null, pair));
      scopes.add(new ExceptionScope(null, null, null, null, pair));
    }
    scopes.add(new ExceptionScope(account, region, control, null, null));
    scopes.add(new ExceptionScope(account, null, control, null, null));
    scopes.add(new ExceptionScope(account, region, null, null, null));
    scopes.add(new ExceptionScope(account, null, null, null, null));
    scopes.add(new ExceptionScope(null, region, control, null, null));
    scopes.add(new ExceptionScope(null, region, null, null, null));
    scopes.add(new ExceptionScope(null, null, control, null, null));
    return scopes.stream().map(ExceptionScope::key).toList();
  }
}
