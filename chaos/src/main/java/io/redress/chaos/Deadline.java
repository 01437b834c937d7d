package io.redress.chaos;

import java.time.Duration;

/** A point in time every wait of the harness gives up at, so that no run can hang. */
record Deadline(long nanos, Duration patience) {

  static Deadline in(Duration patience) {
    return new Deadline(System.nanoTime() + patience.toNanos(), patience);
  }

  boolean passed() {
    return System.nanoTime() - nanos > 0;
  }

  /** @throws ChaosException naming what was awaited, once the deadline has passed */
  void check(String awaited) {
    if (passed()) {
      throw new ChaosException("gave up waiting for " + awaited + " after " + patience.toSeconds() + " s");
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(0, duration.toMillis()), (int) (Math.max(0, duration.toNanos()) % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChaosException("interrupted", e);
    }
  }
}
