package io.redress.exceptions;

import io.redress.contract.Resource;
import io.redress.contract.Scope;
import io.redress.resource.ResourceIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What an exception covers, and its canonical key on the exceptions topic. The key lists the set fields in a fixed
 * order ({@code account=…;region=…;control=…;resource=…;tag=…}), so a finding can find every exception that could
 * cover it by probing a handful of keys instead of scanning the whole list.
 *
 * <p>Keys are matched in their {@linkplain #matchingKey matching form}, in which a control id has no case, and
 * exceptions are {@linkplain #indexKey indexed} under that form as they are read, so a record already on the topic
 * under {@code control=s3.8} covers a finding of S3.8 too.
 */
public record ExceptionScope(String account, String region, String control, String resource, String tag) {

  private static final String CONTROL = "control=";

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
   * The form a key is matched in: the control id upper-cased, everything else as written. Security Hub's control
   * ids mix case ({@code S3.8}, {@code CloudTrail.1}) and never differ only by case, so a team that writes
   * {@code control=s3.8} means S3.8. Accounts are digits and regions lower case already; resource ids and ARNs are
   * case-sensitive in parts, and tags in AWS are case-sensitive, so those stay exactly as written.
   */
  public static String matchingKey(String key) {
    StringJoiner matching = new StringJoiner(";");
    for (String field : key.split(";", -1)) {
      boolean control = field.startsWith(CONTROL);
      matching.add(control ? CONTROL + field.substring(CONTROL.length()).toUpperCase(Locale.ROOT) : field);
    }
    return matching.toString();
  }

  /**
   * Where an exception published under {@code publishedKey} is indexed: its matching key, then the published key
   * itself, so two records whose keys differ only in a control's case are both kept, and revoking one leaves the
   * other in force.
   */
  public static String indexKey(String publishedKey) {
    return indexPrefix(matchingKey(publishedKey)) + publishedKey;
  }

  /**
   * How the index key begins of every exception published under a key whose matching form is {@code matchingKey}.
   */
  public static String indexPrefix(String matchingKey) {
    // A newline: ScopeSyntax refuses one in every value, so only a record written straight onto the topic can hold
    // one. If it does, a prefix may reach another key's records; ExceptionMatch skips those by their own scope.
    return matchingKey + "\n";
  }

  /**
   * Keys of every scope that could cover the resource for the control, narrowest first, so that when several exceptions apply the
   * decision cites the most specific one. The keys are in their {@linkplain #matchingKey matching form}. A region
   * scope is matched against the region the resource lives in, where it is changed: a multi-region trail is reported
   * from every region it covers, and an exception on its home region is the one that must keep it.
   */
  public static List<String> candidateKeys(Resource resource, String control) {
    String account = resource.getAccount();
    String region = ResourceIds.homeRegion(resource);
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
    return scopes.stream().map(ExceptionScope::key).map(ExceptionScope::matchingKey).toList();
  }
}
