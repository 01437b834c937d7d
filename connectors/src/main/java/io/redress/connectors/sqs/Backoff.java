package io.redress.connectors.sqs;

import java.time.Duration;

/** Pauses between attempts while SQS keeps failing: one second, doubling up to a limit, back to the start on success. */
final class Backoff {

  static final Duration FIRST = Duration.ofSeconds(1);

  private final Duration max;
  private Duration next = FIRST;
  private int failures;

  Backoff(Duration max) {
    if (max.compareTo(FIRST) < 0) {
      throw new IllegalArgumentException("the longest pause must be at least " + FIRST + ", got " + max);
    }
    this.max = max;
  }

  /** Records one more failure and returns how long to pause before the next attempt. */
  Duration failed() {
    failures++;
    Duration pause = next;
    next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
    return pause;
  }

  /** Failures since the last success. */
  int failures() {
    return failures;
  }

  void succeeded() {
    failures = 0;
    next = FIRST;
  }
}
