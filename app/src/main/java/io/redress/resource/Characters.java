package io.redress.resource;

import java.util.Optional;

/**
 * One character of untrusted text: how to name it in a message without ever printing anything a terminal would act
 * on, and whether it is text at all.
 */
public final class Characters {

  private Characters() {
  }

  /** {@code '<'} for a visible ASCII character, {@code U+001B} for anything else (and for quote and backslash). */
  static String describe(char c) {
    boolean plainlyVisible = c > ' ' && c < 0x7f && c != '\'' && c != '\\';
    return plainlyVisible ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  /**
   * Whether the character at {@code i} is half of a UTF-16 surrogate pair without its other half. Such a string is
   * not Unicode text: written out as UTF-8 (as Avro and Kafka write it) the half becomes {@code ?}, so the record
   * would name something other than what was checked: {@code subnet-1} and U+D800 the resource {@code subnet-1?}.
   */
  public static boolean isUnpairedSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
  }

  /** The first unpaired surrogate in {@code text} (see {@link #isUnpairedSurrogate}), or empty when there is none. */
  static Optional<Character> unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnpairedSurrogate(text, i)) {
        return Optional.of(text.charAt(i));
      }
    }
    return Optional.empty();
  }
}
