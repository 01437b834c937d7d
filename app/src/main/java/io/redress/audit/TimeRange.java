package io.redress.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * The records to read: those stamped at or after {@code from} and before {@code to}; an absent end is open.
 */
public record TimeRange(Optional<Instant> from, Optional<Instant> to) {

  public static final TimeRange ALL = new TimeRange(Optional.empty(), Optional.empty());

  public TimeRange {
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw new IllegalArgumentException("--from " + from.get() + " is not before --to " + to.get());
    }
  }

  public boolean contains(long timestamp) {
    return from.map(start -> timestamp >= start.toEpochMilli()).orElse(true)
        && to.map(end -> timestamp < end.toEpochMilli()).orElse(true);
  }

  /** The same end, everything before it. */
  public TimeRange fromTheStart() {
    return new TimeRange(Optional.empty(), to);
  }

  /** The same start, nothing cut at the end. */
  public TimeRange untilNow() {
    return new TimeRange(from, Optional.empty());
  }
}
