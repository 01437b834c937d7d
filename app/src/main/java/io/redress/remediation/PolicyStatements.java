package io.redress.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Reading the statements of an IAM resource policy (a bucket's, a function's, a topic's) the way IAM reads them:
 * condition keys and action names regardless of case, {@code *} and {@code ?} as wildcards in actions and resources.
 */
final class PolicyStatements {

  /**
   * Condition keys that confine a {@code "*"} statement to one source or organization. IAM reads keys regardless of
   * case, and Lambda writes {@code add-permission --source-arn} as {@code AWS:SourceArn}, so they are compared that
   * way. {@code lambda:FunctionUrlAuthType} is not one: {@code NONE} under it is how a public function URL is granted.
   */
  private static final List<String> SCOPING_KEYS =
      List.of("aws:SourceAccount", "aws:SourceArn", "aws:PrincipalOrgID", "aws:SourceOwner");

  /**
   * The operators under which a request matches only when its key holds one of the values. Every other one leaves a
   * key unpinned: a negated operator ({@code StringNotEquals}: everyone but these), {@code ...IfExists} and
   * {@code ForAllValues:} (both pass when the key is absent, as the source keys are on a direct call), {@code Null},
   * and {@code ForAnyValue:}, which is not read: these keys hold one value, and set operators are not meant for them.
   */
  private static final List<String> MATCHING_OPERATORS =
      List.of("StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike");

  private PolicyStatements() {
  }

  /** A policy field holding one string or a list of strings, as a list. */
  static List<String> strings(JsonNode field) {
    if (field.isArray()) {
      return StreamSupport.stream(field.spliterator(), false).map(JsonNode::asText).toList();
    }
    return field.isMissingNode() || field.isNull() ? List.of() : List.of(field.asText());
  }

  /** Whether the statement's Principal is everyone: {@code "*"} or {@code {"AWS": "*"}}. */
  static boolean anyPrincipal(JsonNode statement) {
    JsonNode principal = statement.path("Principal");
    return principal.isTextual() && principal.asText().equals("*") || strings(principal.path("AWS")).contains("*");
  }

  /**
   * Whether the statement lets everyone in: an Allow to a {@code "*"} principal that no condition confines to a
   * source or an organization (see {@link #pinned}).
   */
  static boolean openToEveryone(JsonNode statement) {
    return statement.path("Effect").asText().equals("Allow") && anyPrincipal(statement)
        && SCOPING_KEYS.stream().allMatch(key -> pinned(statement, key).isEmpty());
  }

  /**
   * The values a condition of the statement pins {@code key} to, or none when no condition does. A condition pins a
   * key when its operator matches only the values given and every value is fixed: one holding {@code *}, {@code ?}
   * or a policy variable may match any source, and Security Hub's Lambda.1 does not count such a condition as
   * confining the statement either.
   */
  static List<String> pinned(JsonNode statement, String key) {
    Iterator<Map.Entry<String, JsonNode>> operators = statement.path("Condition").fields();
    while (operators.hasNext()) {
      Map.Entry<String, JsonNode> operator = operators.next();
      if (MATCHING_OPERATORS.stream().noneMatch(operator.getKey()::equalsIgnoreCase)) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields(); keys.hasNext(); ) {
        Map.Entry<String, JsonNode> condition = keys.next();
        List<String> values = strings(condition.getValue());
        if (condition.getKey().equalsIgnoreCase(key) && !values.isEmpty()
            && values.stream().allMatch(PolicyStatements::fixed)) {
          return values;
        }
      }
    }
    return List.of();
  }

  private static boolean fixed(String value) {
    return !value.contains("*") && !value.contains("?") && !value.contains("${");
  }

  /**
   * Whether the IAM pattern matches the whole of {@code value}. Action names are matched regardless of case, ARNs
   * exactly.
   */
  static boolean matches(String pattern, String value, boolean ignoreCase) {
    return glob(pattern, ignoreCase).matcher(value).matches();
  }

  /**
   * Whether the IAM pattern matches every value starting with {@code prefix}, e.g. {@code arn:aws:s3:::b*} every
   * object of bucket {@code b}. It does when it ends in {@code *} and what comes before that star matches the
   * prefix or a beginning of it: the star then takes whatever follows. A pattern it cannot prove to cover them
   * (such as {@code b/private/*} for the prefix {@code b/}) does not.
   */
  static boolean coversEveryValueStartingWith(String pattern, String prefix, boolean ignoreCase) {
    return pattern.endsWith("*")
        && glob(pattern.substring(0, pattern.length() - 1), ignoreCase).matcher(prefix).lookingAt();
  }

  /**
   * Whether one of the patterns covers the value the other statement names: a value ending in {@code *} as every
   * value it stands for, any other as itself.
   */
  static boolean covered(List<String> patterns, String value, boolean ignoreCase) {
    return patterns.stream().anyMatch(pattern -> value.endsWith("*")
        ? coversEveryValueStartingWith(pattern, value.substring(0, value.length() - 1), ignoreCase)
        : matches(pattern, value, ignoreCase));
  }

  private static Pattern glob(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    regex.append(Pattern.quote(literal.toString()));
    return Pattern.compile(regex.toString(), (ignoreCase ? Pattern.CASE_INSENSITIVE : 0) | Pattern.DOTALL);
  }
}
