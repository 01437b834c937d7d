package io.redress.kafka;

import java.util.function.Function;

/**
 * How many records of one poll a {@link RecordLoop} may handle at once. Records with the same key (the same
 * resource) are always handled one after the other, in offset order; the others run on up to {@code threads}
 * threads, at most {@code perLane} at a time in one lane (for commands: an account and region, whose API limits
 * they share).
 *
 * @param lane names a decoded record's lane
 */
public record Concurrency<T>(int threads, int perLane, Function<T, String> lane) {

  public Concurrency {
    if (threads < 1 || perLane < 1) {
      throw new IllegalArgumentException("at least one thread and one record per lane, got " + threads + " and "
          + perLane);
    }
  }

  /** One record at a time, in the order of the poll. */
  public static <T> Concurrency<T> sequential() {
    return new Concurrency<>(1, 1, value -> "");
  }

  boolean isSequential() {
    return threads == 1;
  }
}
