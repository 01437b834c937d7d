package io.redress.audit;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as a person gives it on the command line: an instant ({@code 2026-11-01T09:00:00Z}), a UTC day
 * ({@code 2026-11-01}, its midnight) or an age ({@code 30d}, {@code 12h}, {@code 90m}: that long before now).
 */
public final class TimePoint {

  private static final Pattern AGE = Pattern.compile("(\\d{1,9})([dhm])");

  private TimePoint() {
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with {@code text}, a time before 1970 included: Kafka
   *     stamps records in milliseconds since 1970 and looks up no earlier time
   */
  public static Instant parse(String text, Instant now) {
    Instant time = time(text, now);
    if (time.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("'" + AuditText.plain(text) + "' is " + time + ", before 1970-01-01, where"
          + " Kafka's record times begin");
    }
    return time;
  }

  private static Instant time(String text, Instant now) {
    Matcher age = AGE.matcher(text);
    if (age.matches()) {
      long amount = Long.parseLong(age.group(1));
      Duration ago = switch (age.group(2)) {
        case "d" -> Duration.ofDays(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofMinutes(amount);
      };
      return now.minus(ago);
    }
    try {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + AuditText.plain(text) + "' is not a time: give an instant"
          + " (2026-11-01T09:00:00Z), a UTC day (2026-11-01) or an age (30d, 12h, 90m)");
    }
  }
}
