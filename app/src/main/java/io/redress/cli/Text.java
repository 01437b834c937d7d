package io.redress.cli;

import io.redress.operations.Printable;
import java.time.Duration;
import java.time.Instant;

/** How the operations commands print what people and findings supplied, and how long something has left. */
final class Text {

  private Text() {
  }

  static String safe(String text) {
    return Printable.of(text);
  }

  static String cut(String text, int max) {
    return Printable.cut(text, max);
  }

  /** {@code 29d 23h}, {@code 4h 10m}, {@code 12m}, or {@code expired 3d ago}. */
  static String timeLeft(Instant now, Instant until) {
    Duration left = Duration.between(now, until);
    if (left.isNegative() || left.isZero()) {
      return "expired " + span(left.negated()) + " ago";
    }
    return span(left);
  }

  private static String span(Duration duration) {
    if (duration.toDays() > 0) {
      return duration.toDays() + "d " + duration.toHoursPart() + "h";
    }
    if (duration.toHours() > 0) {
      return duration.toHours() + "h " + duration.toMinutesPart() + "m";
    }
    return Math.max(duration.toMinutes(), 0) + "m";
  }
}
