package io.redress.cli;

import io.redress.audit.TimePoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine;

/**
 * Reads a time option in every form {@link TimePoint} takes (an instant, a UTC day or an age); a bad one is a usage
 * error naming what was given.
 */
final class TimePointConverter implements CommandLine.ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    try {
      return TimePoint.parse(value, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
