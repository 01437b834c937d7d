package io.redress.exceptions;

import io.redress.contract.ExceptionRecord;
import io.redress.contract.Scope;
import io.redress.operations.InvalidInput;
import io.redress.operations.Printable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exception as a person asks for it, checked before anything is published: a scope some finding can match, a
 * reason and an approver, and an expiry in the future no later than the configured maximum.
 */
public record ExceptionRequest(ExceptionScope scope, String reason, String approver, Instant expiresAt,
    String ticket) {

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,5})([dhw])");
  private static final int MAX_TEXT = 1024;

  public ExceptionRequest {
    Objects.requireNonNull(scope, "scope");
    reason = required("reason", reason);
    approver = required("approver", approver);
    ticket = ticket == null || ticket.isBlank() ? null : limited("ticket", ticket.strip());
  }

  /**
   * @param maxExpiry the longest an exception may run from {@code now}
   * @throws InvalidInput when the expiry is not in the future or beyond the maximum
   */
  public ExceptionRequest within(Instant now, Duration maxExpiry) {
    if (!expiresAt.isAfter(now)) {
      throw new InvalidInput("expires: " + expiresAt + " is not in the future");
    }
    Instant latest = now.plus(maxExpiry);
    if (expiresAt.isAfter(latest)) {
      throw new InvalidInput("expires: " + expiresAt + " is beyond the maximum of " + days(maxExpiry)
          + " from now (" + latest + "; exceptions.max-expiry)");
    }
    return this;
  }

  public String key() {
    return scope.key();
  }

  public ExceptionRecord toRecord(String createdBy, Instant createdAt) {
    return ExceptionRecord.newBuilder()
        .setScope(Scope.newBuilder().setAccount(scope.account()).setRegion(scope.region())
            .setControl(scope.control()).setResource(scope.resource()).setTag(scope.tag()).build())
        .setReason(reason)
        .setApprover(approver)
        .setCreatedBy(createdBy)
        .setCreatedAt(createdAt)
        .setExpiresAt(expiresAt)
        .setTicket(ticket)
        .build();
  }

  /** Whether a published record says what this request asks for (who published it and when aside). */
  public boolean sameAs(ExceptionRecord record) {
    ExceptionRecord asked = toRecord(record.getCreatedBy(), record.getCreatedAt());
    return asked.equals(record);
  }

  /**
   * When an exception expires: {@code 30d}, {@code 12h} or {@code 2w} from {@code now}, a date (its first moment,
   * UTC) or an instant such as {@code 2027-01-31T18:00:00Z}.
   */
  public static Instant expiry(String text, Instant now) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    Matcher relative = RELATIVE.matcher(value);
    if (relative.matches()) {
      long amount = Long.parseLong(relative.group(1));
      Duration unit = switch (relative.group(2)) {
        case "h" -> Duration.ofHours(1);
        case "d" -> Duration.ofDays(1);
        default -> Duration.ofDays(7);
      };
      return now.plus(unit.multipliedBy(amount));
    }
    return absoluteExpiry(text);
  }

  /** A date (its first moment, UTC) or an instant: what a reviewed file states, which must not move as time passes. */
  public static Instant absoluteExpiry(String text) {
    String value = text == null ? "" : text.strip();
    try {
      return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInput("expires: '" + Printable.of(value) + "' is not a duration like 30d, 12h or 2w, a date"
          + " like 2027-01-31 or an instant like 2027-01-31T18:00:00Z");
    }
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInput(field + ": required; say " + (field.equals("reason")
          ? "why the risk is accepted" : "who approved the exception"));
    }
    return limited(field, value.strip());
  }

  private static String limited(String field, String value) {
    if (value.length() > MAX_TEXT) {
      throw new InvalidInput(field + ": at most " + MAX_TEXT + " characters, got " + value.length());
    }
    return value;
  }

  private static String days(Duration duration) {
    return duration.toHours() % 24 == 0 ? duration.toDays() + " days" : duration.toString();
  }
}
