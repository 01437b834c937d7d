package io.redress.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many times a failed role may be restarted within a period. A role that fails now and then (a broker
 * restart, a rebalance gone wrong) is restarted; one that keeps failing would only fail again, and hiding that
 * behind endless restarts leaves a process that looks alive and does nothing, so it is given up on.
 */
final class RestartBudget {

  private final int restarts;
  private final Duration period;
  private final Deque<Long> failures = new ArrayDeque<>();

  RestartBudget(int restarts, Duration period) {
    this.restarts = restarts;
    this.period = period;
  }

  static RestartBudget standard() {
    return new RestartBudget(5, Duration.ofMinutes(10));
  }

  /** Records a failure at {@code nowMillis}; true while the failures within the period allow one more restart. */
  synchronized boolean allowsRestart(long nowMillis) {
    failures.addLast(nowMillis);
    while (failures.peekFirst() <= nowMillis - period.toMillis()) {
      failures.removeFirst();
    }
    return failures.size() <= restarts;
  }

  /** The pause before the next restart: one second, doubling with each failure still within the period. */
  synchronized Duration pause() {
    return Duration.ofSeconds(1L << Math.min(Math.max(failures.size() - 1, 0), 5));
  }

  String describe() {
    return restarts + " restarts within " + period.toMinutes() + " minutes";
  }
}
