package io.redress.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Reading the statements of an IAM resource policy (a bucket's, a function's) the way IAM reads them: condition
 * keys and action names regardless of case, {@code *} and {@code ?} as wildcards in actions and resources.
 */
final class PolicyStatements {

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
