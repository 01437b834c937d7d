package io.redress.breaker;

import io.redress.config.RedressConfig.BreakerSettings;
import io.redress.contract.BreakerState;
import java.time.Instant;

/**
 * The half-open trial of an open scope ({@code breaker.half-open-after}): instead of closing by itself, the scope
 * tests the water for one window. It admits the first {@code half-open-trickle} commands of the scope and holds the
 * rest, counting every one of them in the state's {@code count}. One command more than the threshold opens the scope
 * again at once; a command at or after the trial's end, with no more than the threshold seen, closes it (the flood
 * is over). The trial is an OPEN state with {@code halfOpenSince} set, whose {@code reopensAt} is the trial's end.
 */
final class HalfOpen {

  private final BreakerSettings settings;

  HalfOpen(BreakerSettings settings) {
    this.settings = settings;
  }

  /** The trial that starts at {@code now}, the first command after the open period. */
  BreakerState begin(BreakerState open, long now) {
    long ends = now + settings.window().toMillis();
    return BreakerState.newBuilder(open)
        .setCount(0)
        .setHalfOpenSince(Instant.ofEpochMilli(now))
        .setReopensAt(Instant.ofEpochMilli(ends))
        .setReason("half-open until " + Instant.ofEpochMilli(ends) + ": admits the first "
            + settings.halfOpenTrickle() + " of the scope's commands and holds the rest; more than "
            + open.getThreshold() + " before then opens it again, else it closes")
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  /** The trial after one more command of its scope: counted, or open again if that is one more than the threshold. */
  BreakerState arrival(BreakerState trial, BreakerScope scope, String commandId, long now) {
    int count = trial.getCount() + 1;
    if (count > trial.getThreshold()) {
      return Breaker.opened(settings, scope, count, commandId, now, count + " remediations during the half-open"
          + " trial since " + trial.getHalfOpenSince() + " exceed the threshold of " + trial.getThreshold() + " for "
          + scope.name() + "; open again, automatic action halted");
    }
    return BreakerState.newBuilder(trial).setCount(count).setUpdatedAt(Instant.ofEpochMilli(now)).build();
  }

  /** Whether the command just counted is within the trickle the trial admits. */
  boolean admits(BreakerState counted) {
    return counted.getHalfOpenSince() != null && counted.getCount() <= settings.halfOpenTrickle();
  }
}
