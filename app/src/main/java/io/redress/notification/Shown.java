package io.redress.notification;

/**
 * Finding-supplied text made fit to be shown to a person in any form. Each form escapes its own markup (HTML,
 * Slack); what no form's escaping covers is done here: control and invisible formatting characters (a line break
 * in a title would start a new mail header line; a right-to-left override would make a bucket name read as
 * another) become {@code U+XXXX}, and a very long value is cut, saying how long it was, so one name cannot push
 * the lesson off the screen. Template syntax such as {@code ${...}} needs nothing: a value is never parsed as a
 * template.
 */
final class Shown {

  /** Names, titles and ids: long enough for any real one (an ARN is at most 2048; real ones are far shorter). */
  static final int SHORT = 200;
  /** Descriptions and executor messages. */
  static final int LONG = 1024;

  private Shown() {
  }

  static String text(String value) {
    return text(value, SHORT);
  }

  static String text(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    int end = Math.min(value.length(), maxLength);
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    StringBuilder shown = new StringBuilder(end + 32);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029') {
        shown.append(String.format("U+%04X", (int) c));
      } else {
        shown.append(c);
      }
    }
    if (end < value.length()) {
      shown.append("… [cut from ").append(value.length()).append(" characters]");
    }
    return shown.toString();
  }
}
