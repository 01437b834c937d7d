package io.redress.resource;

/** Names one character of untrusted text in a message without ever printing anything a terminal would act on. */
final class Characters {

  private Characters() {
  }

  /** {@code '<'} for a visible ASCII character, {@code U+001B} for anything else (and for quote and backslash). */
  static String describe(char c) {
    boolean plainlyVisible = c > ' ' && c < 0x7f && c != '\'' && c != '\\';
    return plainlyVisible ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
