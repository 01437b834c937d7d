package io.redress.audit;

/**
 * The one place where text taken from records is made safe for whoever reads it: a terminal, a spreadsheet or a
 * browser. Resource ids, reasons, titles and messages come from findings, which anyone able to write to the
 * findings topic shapes; a terminal would obey an escape sequence hidden in them, a spreadsheet would run a formula
 * and a browser a script.
 */
public final class AuditText {

  /** Characters that make a spreadsheet read a cell as a formula (tab and carriage return are escaped anyway). */
  private static final String FORMULA_STARTS = "=+-@";

  private AuditText() {
  }

  /**
   * The text with every control character (C0, DEL, C1), line and paragraph separator and invisible format
   * character (such as a bidirectional override) written as an escape, so it prints on one line as the characters
   * it really holds; {@code -} for no text.
   */
  public static String plain(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder escaped = new StringBuilder(text.length());
    text.codePoints().forEach(codePoint -> {
      switch (codePoint) {
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        case '\\' -> escaped.append("\\\\");
        default -> {
          if (invisible(codePoint)) {
            escaped.append(codePoint <= 0xFFFF
                ? String.format("\\u%04X", codePoint)
                : String.format("\\U%08X", codePoint));
          } else {
            escaped.appendCodePoint(codePoint);
          }
        }
      }
    });
    return escaped.toString();
  }

  /**
   * JSON text as a terminal can show it: every invisible character (a C1 control, DEL, a bidirectional override,
   * a line separator) in its strings written as a JSON escape, which JSON's own escaping leaves raw above U+001F.
   * A parser reads the same values; only the spelling of those characters changes. Outside its strings, JSON text
   * holds nothing but ASCII punctuation, digits, letters and spaces, so every such character is inside a string.
   */
  public static String json(String json) {
    StringBuilder escaped = new StringBuilder(json.length());
    json.codePoints().forEach(codePoint -> {
      if (invisible(codePoint)) {
        for (char unit : Character.toChars(codePoint)) {
          escaped.append(String.format("\\u%04X", (int) unit));
        }
      } else {
        escaped.appendCodePoint(codePoint);
      }
    });
    return escaped.toString();
  }

  /** {@link #plain} text safe inside HTML element content and quoted attribute values. */
  public static String html(String text) {
    return entities(plain(text));
  }

  /** {@link #html}, cut to at most {@code maxChars} characters with an ellipsis, for labels that must fit. */
  public static String html(String text, int maxChars) {
    String plain = plain(text);
    if (plain.codePointCount(0, plain.length()) > maxChars) {
      plain = plain.substring(0, plain.offsetByCodePoints(0, maxChars - 1)) + "\u2026";
    }
    return entities(plain);
  }

  private static String entities(String plain) {
    StringBuilder escaped = new StringBuilder(plain.length() + 16);
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * One CSV cell (RFC 4180, always quoted) of {@link #plain} text; a cell a spreadsheet would take for a formula
   * ({@code = + - @} first) gets a leading apostrophe, which spreadsheets show as text. An absent value is an
   * empty cell.
   */
  public static String csvCell(String text) {
    if (text == null) {
      return "";
    }
    String plain = plain(text);
    if (!plain.isEmpty() && FORMULA_STARTS.indexOf(plain.charAt(0)) >= 0) {
      plain = "'" + plain;
    }
    return "\"" + plain.replace("\"", "\"\"") + "\"";
  }

  private static boolean invisible(int codePoint) {
    int type = Character.getType(codePoint);
    return Character.isISOControl(codePoint) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
