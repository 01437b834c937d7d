package io.redress.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the catalogue's declarations say to people: the least-privilege IAM policies and the docs table. Generated,
 * never written by hand, so they cannot drift from what the actions really call.
 */
public final class CatalogueDocs {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CatalogueDocs() {
  }

  /**
   * The policy of the role the executor acts as (its own, or the role it assumes in each account): exactly the
   * permissions the registered actions declare, one statement per action so a reviewer sees why each is there, and
   * one more for each permission an action grants under a condition ({@link RemediationAction#grantConditions}).
   * Resources stay "*": the actions are bucket- or resource-level configuration calls on resources only known when
   * a finding names them.
   */
  public static String remediatorPolicy(RemediationCatalogue catalogue) {
    List<Map<String, Object>> statements = new ArrayList<>();
    for (RemediationAction action : sorted(catalogue)) {
      List<String> unconditioned = action.permissions().stream()
          .filter(permission -> !action.grantConditions().containsKey(permission)).toList();
      if (!unconditioned.isEmpty()) {
        statements.add(statement(sid(action.name()), unconditioned, List.of("*")));
      }
      new TreeMap<>(action.grantConditions()).forEach((permission, condition) ->
          statements.add(conditioned(action, permission, condition.addedTo(Map.of()))));
    }
    return json(policy(statements));
  }

  /** A statement of its own for a permission an action grants under a condition. */
  private static Map<String, Object> conditioned(RemediationAction action, String permission,
      Map<String, Map<String, String>> condition) {
    Map<String, Object> statement = statement(sid(action.name() + "-" + permission), List.of(permission),
        List.of("*"));
    statement.put("Condition", condition);
    return statement;
  }

  /**
   * The remediator's policy limited to resources carrying {@code tag}: one statement with every permission a tag
   * condition can limit, under that condition, and one unconditioned statement with the permissions no tag can limit
   * ({@link ResourceTagSupport} says which and why), so nothing the actions call is missing; a permission an action
   * grants under a condition of its own has a statement of its own, with the tag condition beside when a tag can limit
   * it. Two statements rather than one per action: the condition repeated per action would not fit a managed policy
   * with a long tag.
   */
  public static String remediatorPolicy(RemediationCatalogue catalogue, ResourceTag tag) {
    Map<String, Map<String, String>> tagged = Map.of("StringEquals", Map.of(tag.conditionKey(), tag.value()));
    // A permission one action needs without a condition is granted so, whatever another action narrows it to.
    Set<String> unconditioned = new TreeSet<>();
    catalogue.actions().forEach(action -> action.permissions().stream()
        .filter(permission -> !action.grantConditions().containsKey(permission)).forEach(unconditioned::add));
    List<String> byTag = unconditioned.stream()
        .filter(permission -> ResourceTagSupport.whyNotByTag(permission).isEmpty()).toList();
    List<String> rest = unconditioned.stream()
        .filter(permission -> ResourceTagSupport.whyNotByTag(permission).isPresent()).toList();
    List<Map<String, Object>> statements = new ArrayList<>();
    if (!byTag.isEmpty()) {
      Map<String, Object> limited = statement("LimitedByResourceTag", byTag, List.of("*"));
      limited.put("Condition", tagged);
      statements.add(limited);
    }
    if (!rest.isEmpty()) {
      statements.add(statement("NotLimitableByResourceTag", rest, List.of("*")));
    }
    for (RemediationAction action : sorted(catalogue)) {
      new TreeMap<>(action.grantConditions()).forEach((permission, condition) -> {
        if (!unconditioned.contains(permission)) {
          statements.add(conditioned(action, permission,
              condition.addedTo(ResourceTagSupport.whyNotByTag(permission).isEmpty() ? tagged : Map.of())));
        }
      });
    }
    return json(policy(statements));
  }

  /** Every declared permission no resource tag can limit, in name order, with the reason. */
  public static Map<String, String> notByTag(RemediationCatalogue catalogue) {
    Map<String, String> notByTag = new TreeMap<>();
    catalogue.actions().stream().flatMap(action -> action.permissions().stream()).forEach(permission ->
        ResourceTagSupport.whyNotByTag(permission).ifPresent(why -> notByTag.put(permission, why)));
    return notByTag;
  }

  /** The executor's own identity needs only to assume the configured per-account roles. */
  public static Optional<String> executorAssumeRolePolicy(AwsSettings aws) {
    if (aws.roles().isEmpty()) {
      return Optional.empty();
    }
    List<String> roles = aws.roles().values().stream().map(AccountRole::roleArn).sorted().toList();
    return Optional.of(json(policy(List.of(statement("AssumeRemediatorRoles", List.of("sts:AssumeRole"), roles)))));
  }

  /** The README's table of remediations; permissions no resource tag can limit are marked with a dagger. */
  public static String markdownTable(RemediationCatalogue catalogue) {
    StringBuilder table = new StringBuilder("| action | controls | resource | IAM permissions |\n| --- | --- | --- | --- |\n");
    for (RemediationAction action : sorted(catalogue)) {
      table.append("| `").append(action.name()).append("` | ")
          .append(String.join(", ", new TreeSet<>(action.controls()))).append(" | `")
          .append(action.resourceType()).append("` | ")
          .append(action.permissions().stream().map(CatalogueDocs::markdownPermission)
              .collect(Collectors.joining(", ")))
          .append(" |\n");
    }
    return table.toString();
  }

  /** The README's list of the permissions no resource tag can limit, and why. */
  public static String markdownNotByTag(RemediationCatalogue catalogue) {
    StringBuilder list = new StringBuilder();
    notByTag(catalogue).forEach((permission, why) ->
        list.append("- `").append(permission).append("`: ").append(why).append('\n'));
    return list.toString();
  }

  private static String markdownPermission(String permission) {
    return "`" + permission + "`" + (ResourceTagSupport.whyNotByTag(permission).isPresent() ? "†" : "");
  }

  private static List<RemediationAction> sorted(RemediationCatalogue catalogue) {
    return catalogue.actions().stream().sorted(Comparator.comparing(RemediationAction::name)).toList();
  }

  private static Map<String, Object> policy(List<Map<String, Object>> statements) {
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("Version", "2012-10-17");
    policy.put("Statement", statements);
    return policy;
  }

  private static Map<String, Object> statement(String sid, List<String> actions, List<String> resources) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    statement.put("Action", actions);
    statement.put("Resource", resources.size() == 1 ? resources.get(0) : resources);
    return statement;
  }

  private static String sid(String actionName) {
    StringBuilder sid = new StringBuilder();
    for (String word : actionName.split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        sid.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return sid.toString();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a policy of strings and lists always serializes", e);
    }
  }
}
