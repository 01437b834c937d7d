package io.redress.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The bounds every reader applies. A finding stays small whatever the input, because it is embedded in decisions
 * and notifications and Kafka refuses records over about a megabyte: identifiers longer than ASFF allows are
 * rejected, text only people read is cut with a visible marker, and a time far from when the record arrived is not
 * an observation.
 */
final class Limits {

  /** ASFF's own limits: Id and GeneratorId at most 512 characters, Title 256, Description 1024. */
  static final int MAX_IDENTIFIER_LENGTH = 512;
  static final int MAX_TITLE_LENGTH = 256;
  static final int MAX_DESCRIPTION_LENGTH = 1024;
  static final int MAX_PRODUCT_TEXT_LENGTH = 256;
  /** Clocks drift and producers batch, but a finding observed more than a day after it arrived was not observed. */
  static final Duration MAX_OBSERVED_AFTER_RECEIPT = Duration.ofDays(1);
  /** Security Hub dates from 2018; a time before 2000 is a default or a forgery, not an observation. */
  static final Instant EARLIEST_OBSERVATION = Instant.parse("2000-01-01T00:00:00Z");

  private Limits() {
  }

  /** A required string field used as an identifier: present, and no longer than ASFF allows. */
  static String identifier(JsonFields fields, String field) throws MalformedFindingException {
    return identifier(fields, field, fields.requiredString(field));
  }

  /** {@code value}, read from {@code field}, checked as an identifier. */
  static String identifier(JsonFields fields, String field, String value) throws MalformedFindingException {
    if (value.length() > MAX_IDENTIFIER_LENGTH) {
      throw fields.malformed("has " + fields.name(field) + " " + Untrusted.quote(value) + ", longer than the "
          + MAX_IDENTIFIER_LENGTH + " characters ASFF allows");
    }
    return value;
  }

  /** Text only people read, cut to {@code max} characters with a marker saying so. */
  static String shortened(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    String marker = " [truncated from " + text.length() + " characters]";
    int keep = max - marker.length();
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep) + marker;
  }

  /**
   * The first of {@code candidates} that the object has, parsed as an ISO-8601 timestamp with offset. It is only
   * informational (decisions go by when the record reached Kafka), but a time far from that is not an observation.
   */
  static Instant observedAt(JsonFields fields, long receivedAt, String... candidates) throws MalformedFindingException {
    for (String field : candidates) {
      Optional<String> timestamp = fields.string(field);
      if (timestamp.isPresent()) {
        return observation(fields, fields.name(field), timestamp.get(), receivedAt);
      }
    }
    List<String> names = Arrays.stream(candidates).map(fields::name).toList();
    throw fields.malformed("has " + switch (names.size()) {
      case 1 -> "no " + names.get(0);
      case 2 -> "neither " + names.get(0) + " nor " + names.get(1);
      default -> "none of " + String.join(", ", names);
    });
  }

  /** {@code timestamp}, read from the field named {@code label} in reasons, under the rules above. */
  static Instant observation(JsonFields fields, String label, String timestamp, long receivedAt)
      throws MalformedFindingException {
    Instant observed;
    try {
      // Avro keeps milliseconds; truncating here keeps a finding equal to itself after a round trip.
      observed = IsoTimestamps.parse(timestamp).truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw fields.malformed("has " + label + " " + Untrusted.quote(timestamp)
          + ", not an ISO-8601 timestamp with offset such as 2025-11-20T09:14:07.123Z");
    }
    return checked(fields, label, timestamp, observed, receivedAt);
  }

  /**
   * As {@link #observation}, reading a timestamp without offset as UTC: Prowler writes OCSF times that way
   * ({@code 2025-11-20T09:14:00.060286}), in UTC. Only for sources known to do so; the time is informational.
   */
  static Instant utcObservation(JsonFields fields, String label, String timestamp, long receivedAt)
      throws MalformedFindingException {
    try {
      Instant observed = LocalDateTime.parse(timestamp).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
      return checked(fields, label, timestamp, observed, receivedAt);
    } catch (DateTimeParseException e) {
      return observation(fields, label, timestamp, receivedAt);
    }
  }

  private static Instant checked(JsonFields fields, String label, String timestamp, Instant observed, long receivedAt)
      throws MalformedFindingException {
    Instant received = Instant.ofEpochMilli(receivedAt);
    if (observed.isAfter(received.plus(MAX_OBSERVED_AFTER_RECEIPT))) {
      throw fields.malformed("has " + label + " " + Untrusted.quote(timestamp) + ", more than a day "
          + "after the record was received (" + received + "): not a real observation");
    }
    if (observed.isBefore(EARLIEST_OBSERVATION)) {
      throw fields.malformed("has " + label + " " + Untrusted.quote(timestamp) + ", before "
          + EARLIEST_OBSERVATION + ": not a real observation");
    }
    return observed;
  }
}
