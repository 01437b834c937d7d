package io.redress.resource;

import java.util.Objects;

/**
 * Why a resource cannot be acted on: the field at fault, the offending text exactly as received (null when the rule
 * concerns the field as a whole, such as the number of tags) and the rule it breaks, in words. The rule never
 * repeats received text, so a caller that quotes {@code value} safely can show the whole problem safely.
 */
public record ResourceProblem(Field field, String value, String rule) {

  /** The resource field at fault; for the tag fields, {@code value} is the key of the tag at fault. */
  public enum Field { TYPE, ID, PARTITION, ACCOUNT, REGION, TAG_KEY, TAG_VALUE, TAGS }

  public ResourceProblem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(rule, "rule");
  }
}
