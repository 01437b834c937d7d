package io.redress.breaker;

import io.redress.config.RedressConfig.BreakerSettings;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The circuit breaker. It counts the remediations it admits per scope (everything, each account, each control) in
 * a sliding window and opens a scope the moment one more command would exceed its threshold, not when a window
 * closes: a bad template creating five hundred non-compliant resources is stopped at the threshold, not after.
 * While a scope is open every command of that scope is held, never dropped: it goes to the held topic with the
 * decision saying why. An open scope closes by itself after {@code open-for}.
 *
 * <p>The topology feeds it every remediation through one partition, so each count is exact across the whole
 * deployment, not per instance.
 */
public final class Breaker {

  private final BreakerSettings settings;
  private final Admissions admissions;
  private final BreakerStates states;

  public Breaker(BreakerSettings settings, Admissions admissions, BreakerStates states) {
    this.settings = settings;
    this.admissions = admissions;
    this.states = states;
  }

  /**
   * Admits or holds one remediation decided at {@code now} (the record's time, so a replay decides alike).
   *
   * @return the decision as it stands after the breaker (REMEDIATE, or HELD with the scope that held it) and every
   *     breaker state that changed on the way
   */
  public BreakerVerdict admit(Decision decision, long now) {
    List<BreakerState> changes = new ArrayList<>();
    List<BreakerScope> scopes = BreakerScope.of(decision, settings);

    for (BreakerScope scope : scopes) {
      Optional<BreakerState> state = states.get(scope.name()).filter(s -> s.getStatus() == BreakerStatus.OPEN);
      if (state.isEmpty()) {
        continue;
      }
      if (now >= state.get().getReopensAt().toEpochMilli()) {
        changes.add(save(closed(state.get(), now)));
        continue;
      }
      return new BreakerVerdict(held(decision, state.get()), changes);
    }

    for (BreakerScope scope : scopes) {
      int count = admittedWithin(scope.name(), now) + 1;
      if (count > scope.threshold()) {
        BreakerState opened = save(opened(scope, count, decision.getCommandId(), now));
        changes.add(opened);
        return new BreakerVerdict(held(decision, opened), changes);
      }
    }

    for (BreakerScope scope : scopes) {
      admissions.record(scope.name(), decision.getCommandId(), now);
    }
    return new BreakerVerdict(decision, changes);
  }

  /**
   * Admissions from one window before this record's time onwards, later ones included: remediations reach the
   * breaker from several partitions, so a record can be older than one admitted before it, and leaving that one out
   * would let a spike through. Counting too much holds a command; counting too little acts on production.
   */
  private int admittedWithin(String scope, long now) {
    return admissions.countSince(scope, now - settings.window().toMillis() + 1);
  }

  private BreakerState save(BreakerState state) {
    states.put(state);
    return state;
  }

  private BreakerState opened(BreakerScope scope, int count, String commandId, long now) {
    return BreakerState.newBuilder()
        .setScope(scope.name())
        .setStatus(BreakerStatus.OPEN)
        .setCount(count)
        .setThreshold(scope.threshold())
        .setWindowMillis(settings.window().toMillis())
        .setOpenedAt(Instant.ofEpochMilli(now))
        .setOpenedBy(commandId)
        .setReopensAt(Instant.ofEpochMilli(now + settings.openFor().toMillis()))
        .setReason(count + " remediations within " + settings.window() + " exceed the threshold of "
            + scope.threshold() + " for " + scope.name() + "; automatic action halted")
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  private static BreakerState closed(BreakerState open, long now) {
    return BreakerState.newBuilder(open)
        .setStatus(BreakerStatus.CLOSED)
        .setCount(0)
        .setOpenedAt(null)
        .setOpenedBy(null)
        .setReopensAt(null)
        .setReason("closed again after being open since " + open.getOpenedAt())
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  private static Decision held(Decision decision, BreakerState state) {
    return Decision.newBuilder(decision)
        .setOutcome(Outcome.HELD)
        .setBreakerScope(state.getScope())
        .setReason("held by the circuit breaker (" + state.getScope() + " open since "
            + state.getOpenedAt() + "): " + state.getReason()
            + ". A human must release or discard it.")
        .build();
  }
}
