package io.redress.operations;

/**
 * Text a person or a finding supplied, made safe to print on a terminal or a log line: control and formatting
 * characters and Unicode's line and paragraph separators escaped (so no text can move the cursor, start a forged
 * log line, rewrite a line or hide itself), length cut.
 */
public final class Printable {

  private static final int MAX = 200;

  private Printable() {
  }

  public static String of(String text) {
    return cut(text, MAX);
  }

  /** At most {@code max} characters of the text, marked with … when cut. */
  public static String cut(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder safe = new StringBuilder();
    text.codePoints().limit(max).forEach(point -> {
      if (Character.isISOControl(point) || Character.getType(point) == Character.FORMAT
          || point == '\u2028' || point == '\u2029') {
        safe.append(String.format("\\u%04x", point));
      } else {
        safe.appendCodePoint(point);
      }
    });
    return text.codePointCount(0, text.length()) > max ? safe + "…" : safe.toString();
  }

  /** No whitespace, control characters or the scope key separator {@code ;}. */
  public static boolean isPlain(String value) {
    return value.codePoints().noneMatch(point -> Character.isWhitespace(point) || Character.isISOControl(point)
        || Character.getType(point) == Character.FORMAT || point == ';');
  }
}
