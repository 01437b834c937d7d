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
 * decision saying why. An open scope closes by itself after {@code open-for}, or half-opens after
 * {@code half-open-after} if that is configured (see {@link HalfOpen}); a person can close it at once
 * ({@link #reset}). A scope that closed counts afresh from the moment it closed.
 *
 * <p>The topology feeds it every remediation through one partition, so each count is exact across the whole
 * deployment, not per instance.
 */
public final class Breaker {

  private final BreakerSettings settings;
  private final Admissions admissions;
  private final BreakerStates states;
  private final HalfOpen halfOpen;

  public Breaker(BreakerSettings settings, Admissions admissions, BreakerStates states) {
    this.settings = settings;
    this.admissions = admissions;
    this.states = states;
    this.halfOpen = new HalfOpen(settings);
  }

  /**
   * Admits or holds one remediation that reached the breaker at {@code recorded} (its record's time), counted at the
   * breaker's own time ({@link #timeOf}), so a replay decides alike.
   *
   * @return the decision as it stands after the breaker (REMEDIATE, or HELD with the scope that held it) and every
   *     breaker state that changed on the way
   */
  public BreakerVerdict admit(Decision decision, long recorded) {
    List<BreakerState> changes = new ArrayList<>();
    List<BreakerScope> scopes = BreakerScope.of(decision, settings);
    long now = timeOf(recorded);

    for (BreakerScope scope : scopes) {
      openState(scope.name()).filter(open -> now >= open.getReopensAt().toEpochMilli())
          .ifPresent(due -> changes.add(save(movedOn(due, now))));
    }
    Optional<BreakerState> fullyOpen = scopes.stream().flatMap(scope -> openState(scope.name()).stream())
        .filter(open -> open.getHalfOpenSince() == null).findFirst();
    if (fullyOpen.isPresent()) {
      return new BreakerVerdict(held(decision, fullyOpen.get()), changes);
    }
    for (BreakerScope scope : scopes) {
      Optional<BreakerState> trial = openState(scope.name());
      if (trial.isPresent()) {
        BreakerState counted = save(halfOpen.arrival(trial.get(), scope, decision.getCommandId(), now));
        changes.add(counted);
        if (!halfOpen.admits(counted)) {
          return new BreakerVerdict(held(decision, counted), changes);
        }
      }
    }

    for (BreakerScope scope : scopes) {
      if (openState(scope.name()).isPresent()) {
        continue;
      }
      int count = admittedWithin(scope.name(), now) + 1;
      if (count > scope.threshold()) {
        BreakerState opened = save(opened(scope, count, decision.getCommandId(), now));
        changes.add(opened);
        return new BreakerVerdict(held(decision, opened), changes);
      }
    }

    admissions.record(scopes.stream().map(BreakerScope::name).toList(), decision.getCommandId(), now);
    return new BreakerVerdict(decision, changes);
  }

  /**
   * The time a remediation is counted at: its record's time, or the breaker's newest admission if that is later.
   * Remediations reach the breaker from several partitions, and one that lags (a backlog, partitions replayed unevenly
   * after an outage) carries older times; counted at those, a command a window behind the newest admission would be
   * admitted and then forgotten at once, counted by nothing after it. So admissions are recorded in the order of the
   * breaker's one partition, and a replay still decides alike. A person's reset is left out: it is stamped by their
   * clock, which a lagging breaker has not reached, and moving to it would forget every scope's recent admissions.
   */
  private long timeOf(long recorded) {
    return Math.max(recorded, admissions.latest());
  }

  /**
   * Closes an open scope at a person's request, at {@code now} (the request's record time).
   *
   * @return the closed state, or nothing if the scope was not open (a reset of a closed scope changes nothing)
   */
  public static Optional<BreakerState> reset(BreakerStates states, String scope, String by, String reason, long now) {
    Optional<BreakerState> open = states.get(scope).filter(state -> state.getStatus() == BreakerStatus.OPEN);
    if (open.isEmpty()) {
      return Optional.empty();
    }
    BreakerState closed = BreakerState.newBuilder(closed(open.get(), now, "reset by " + by + ": " + reason))
        .setResetBy(by)
        .build();
    states.put(closed);
    return Optional.of(closed);
  }

  /**
   * Admissions from one window before this record's time onwards, later ones included: remediations reach the
   * breaker from several partitions, so a record can be older than one admitted before it, and leaving that one out
   * would let a spike through. Counting too much holds a command; counting too little acts on production. A scope
   * that closed counts from when it closed: what tripped it was dealt with, by time, a trial or a person. A command
   * stamped before the close (the flood's own backlog, reaching the breaker after a person's reset) is counted with
   * the admissions of its time, the flood's: the reset lets new work through, not what tripped the scope.
   */
  private int admittedWithin(String scope, long now) {
    long from = now - settings.window().toMillis() + 1;
    Optional<BreakerState> closed = states.get(scope).filter(state -> state.getStatus() == BreakerStatus.CLOSED);
    if (closed.isPresent() && closed.get().getUpdatedAt().toEpochMilli() <= now) {
      from = Math.max(from, closed.get().getUpdatedAt().toEpochMilli());
    }
    return admissions.countSince(scope, from);
  }

  /** An open scope whose time has come: it half-opens if configured and not yet done, else it closes. */
  private BreakerState movedOn(BreakerState due, long now) {
    if (due.getHalfOpenSince() == null && settings.halfOpenAfter().isPresent()) {
      return halfOpen.begin(due, now);
    }
    return closed(due, now, "closed again after being open since " + due.getOpenedAt()
        + (due.getHalfOpenSince() != null ? "; its half-open trial passed" : ""));
  }

  private Optional<BreakerState> openState(String scope) {
    return states.get(scope).filter(state -> state.getStatus() == BreakerStatus.OPEN);
  }

  private BreakerState save(BreakerState state) {
    states.put(state);
    return state;
  }

  private BreakerState opened(BreakerScope scope, int count, String commandId, long now) {
    return opened(settings, scope, count, commandId, now,
        count + " remediations within " + settings.window() + " exceed the threshold of " + scope.threshold()
            + " for " + scope.name() + "; automatic action halted");
  }

  /** An open state; it stops holding everything after {@code half-open-after} if configured, else after open-for. */
  static BreakerState opened(BreakerSettings settings, BreakerScope scope, int count, String commandId, long now,
      String reason) {
    long reopens = now + settings.halfOpenAfter().orElse(settings.openFor()).toMillis();
    return BreakerState.newBuilder()
        .setScope(scope.name())
        .setStatus(BreakerStatus.OPEN)
        .setCount(count)
        .setThreshold(scope.threshold())
        .setWindowMillis(settings.window().toMillis())
        .setOpenedAt(Instant.ofEpochMilli(now))
        .setOpenedBy(commandId)
        .setReopensAt(Instant.ofEpochMilli(reopens))
        .setReason(reason)
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  private static BreakerState closed(BreakerState open, long now, String reason) {
    return BreakerState.newBuilder(open)
        .setStatus(BreakerStatus.CLOSED)
        .setCount(0)
        .setOpenedAt(null)
        .setOpenedBy(null)
        .setReopensAt(null)
        .setHalfOpenSince(null)
        .setResetBy(null)
        .setReason(reason)
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  private static Decision held(Decision decision, BreakerState state) {
    String how = state.getHalfOpenSince() != null
        ? "half-open since " + state.getHalfOpenSince() + ", its trial's trickle already admitted"
        : "open since " + state.getOpenedAt();
    return Decision.newBuilder(decision)
        .setOutcome(Outcome.HELD)
        .setBreakerScope(state.getScope())
        .setReason("held by the circuit breaker (" + state.getScope() + " " + how + "): " + state.getReason()
            + ". A human must release or discard it.")
        .build();
  }
}
