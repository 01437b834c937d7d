package io.redress.remediation;

import java.util.regex.Pattern;

/**
 * A resource tag the remediator's policy can be limited to ({@code aws:ResourceTag/<key>} equal to {@code value}),
 * spelled as AWS allows a tag: a key of 1 to 128 characters not starting with {@code aws:}, a value of up to 256,
 * both of letters, digits, spaces and {@code _ . : / = + - @}.
 */
public record ResourceTag(String key, String value) {

  private static final Pattern TAG_CHARACTERS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  public ResourceTag {
    if (key == null || key.isEmpty() || key.length() > 128) {
      throw new IllegalArgumentException("a tag key has 1 to 128 characters, got '" + key + "'");
    }
    if (key.regionMatches(true, 0, "aws:", 0, 4)) {
      throw new IllegalArgumentException("tag keys starting with aws: are AWS's own, got '" + key + "'");
    }
    if (value == null || value.length() > 256) {
      throw new IllegalArgumentException("a tag value has at most 256 characters");
    }
    if (!TAG_CHARACTERS.matcher(key).matches() || !TAG_CHARACTERS.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + key + "=" + value + "' has a character AWS does not allow in tags"
          + " (letters, digits, spaces and _ . : / = + - @ only)");
    }
  }

  /** {@code key=value}, split at the first {@code =}; the value may be empty. */
  public static ResourceTag parse(String text) {
    int equals = text.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException("expected KEY=VALUE (e.g. redress=managed), got '" + text + "'");
    }
    return new ResourceTag(text.substring(0, equals), text.substring(equals + 1));
  }

  /** The condition key a policy compares, e.g. {@code aws:ResourceTag/redress}. */
  String conditionKey() {
    return "aws:ResourceTag/" + key;
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
