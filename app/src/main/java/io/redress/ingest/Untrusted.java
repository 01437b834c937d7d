package io.redress.ingest;

import io.redress.resource.Characters;

/**
 * Text a producer sent, made fit to appear in a rejection reason. Reasons are stored in dead letters, logged and
 * printed on terminals, so finding-supplied text in them is capped (a reason never carries megabytes) and escaped
 * (control and invisible formatting characters as {@code \}{@code uXXXX}, so no terminal escape sequence or
 * right-to-left override survives; in quoted text, quote and backslash too, so it reads unambiguously).
 */
final class Untrusted {

  /** Enough to recognise a value; the dead letter keeps the whole record for anyone who needs the rest. */
  static final int EXCERPT_LENGTH = 200;

  private Untrusted() {
  }

  /** {@code text} in single quotes, escaped, and cut at {@value #EXCERPT_LENGTH} characters naming its length. */
  static String quote(String text) {
    String excerpt = escaped(text, EXCERPT_LENGTH, true);
    return text.length() > EXCERPT_LENGTH
        ? "'" + excerpt + "…' (" + text.length() + " characters)"
        : "'" + excerpt + "'";
  }

  /** Like {@link #quote} without the quotes, for an identifier shown inline ("finding 1 of 2 (id ...)"). */
  static String excerpt(String text) {
    return excerpt(text, EXCERPT_LENGTH);
  }

  /** Escaped and cut at {@code maxLength} characters, for a longer text such as a parser's message. */
  static String excerpt(String text, int maxLength) {
    String excerpt = escaped(text, maxLength, false);
    return text.length() > maxLength ? excerpt + "… (" + text.length() + " characters)" : excerpt;
  }

  private static String escaped(String text, int maxLength, boolean quoted) {
    int end = Math.min(text.length(), maxLength);
    if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    StringBuilder escaped = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (quoted && (c == '\'' || c == '\\')) {
        escaped.append('\\').append(c);
      } else if (needsEscape(text, i)) {
        escaped.append(String.format("\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static boolean needsEscape(String text, int i) {
    char c = text.charAt(i);
    // A lone surrogate is not text; a well-formed pair is printed as it is.
    return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
        || c == '\u2028' || c == '\u2029' || Characters.isUnpairedSurrogate(text, i);
  }
}
