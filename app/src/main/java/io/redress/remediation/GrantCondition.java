package io.redress.remediation;

import java.util.Map;
import java.util.TreeMap;

/**
 * A condition a permission is granted under in the generated policies, where the action never needs it any wider:
 * Lambda.1 adds permissions for S3 only, so its {@code lambda:AddPermission} is granted for {@code lambda:Principal}
 * {@code s3.amazonaws.com} alone, and stolen remediator credentials cannot let any other principal invoke a function
 * with it.
 *
 * @param operator an IAM condition operator, e.g. {@code StringEquals}
 */
public record GrantCondition(String operator, String key, String value) {

  /** A statement's {@code Condition} holding {@code condition} (none, or a tag condition) and this one too. */
  Map<String, Map<String, String>> addedTo(Map<String, Map<String, String>> condition) {
    Map<String, Map<String, String>> merged = new TreeMap<>();
    condition.forEach((op, keys) -> merged.put(op, new TreeMap<>(keys)));
    merged.computeIfAbsent(operator, op -> new TreeMap<>()).put(key, value);
    return merged;
  }
}
