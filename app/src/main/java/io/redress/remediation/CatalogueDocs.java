package io.redress.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * permissions the registered actions declare, one statement per action so a reviewer sees why each is there.
   * Resources stay "*": the actions are bucket- or resource-level configuration calls on resources only known when
   * a finding names them.
   */
  public static String remediatorPolicy(RemediationCatalogue catalogue) {
    List<Map<String, Object>> statements = sorted(catalogue).stream()
        .map(action -> statement(sid(action.name()), action.permissions(), List.of("*")))
        .toList();
    return json(policy(statements));
  }

  /** The executor's own identity needs only to assume the configured per-account roles. */
  public static Optional<String> executorAssumeRolePolicy(AwsSettings aws) {
    if (aws.roles().isEmpty()) {
      return Optional.empty();
    }
    List<String> roles = aws.roles().values().stream().map(AccountRole::roleArn).sorted().toList();
    return Optional.of(json(policy(List.of(statement("AssumeRemediatorRoles", List.of("sts:AssumeRole"), roles)))));
  }

  /** The README's table of remediations. */
  public static String markdownTable(RemediationCatalogue catalogue) {
    StringBuilder table = new StringBuilder("| action | controls | resource | IAM permissions |\n| --- | --- | --- | --- |\n");
    for (RemediationAction action : sorted(catalogue)) {
      table.append("| `").append(action.name()).append("` | ")
          .append(String.join(", ", new TreeSet<>(action.controls()))).append(" | `")
          .append(action.resourceType()).append("` | ")
          .append(action.permissions().stream().map(permission -> "`" + permission + "`")
              .collect(Collectors.joining(", ")))
          .append(" |\n");
    }
    return table.toString();
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
