package io.redress.breaker;

import io.redress.config.RedressConfig.BreakerSettings;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.kafka.RecordKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The circuit breaker. It counts the remediations it admits per scope (everything, each account, each control) in
 * a sliding window and opens a scope the moment one more command would exceed its threshold, not when a window
 * closes: a bad template creating five hundred non-compliant resources is stopped at the threshold, not after.
 * While a scope is open every command of that scope is held, never dropped: it goes to the held topic with the
 * decision saying why. An open scope closes by itself after {@code open-for}.
 *
 * <p>All remediations reach this processor through one partition, so each count is exact across the whole
 * deployment, not per instance; remediations are rare next to findings, so one task keeps up.
 */
public final class Breaker implements Processor<String, Decision, String, BreakerVerdict> {

  /** The key every remediation carries on its way to the breaker, putting them all on one partition. */
  public static final String ROUTE = "breaker";

  private final BreakerSettings settings;
  private final String admissionsStore;
  private final String statesStore;
  private ProcessorContext<String, BreakerVerdict> context;
  private WindowStore<String, String> admissions;
  private KeyValueStore<String, BreakerState> states;

  public Breaker(BreakerSettings settings, String admissionsStore, String statesStore) {
    this.settings = settings;
    this.admissionsStore = admissionsStore;
    this.statesStore = statesStore;
  }

  @Override
  public void init(ProcessorContext<String, BreakerVerdict> context) {
    this.context = context;
    this.admissions = context.getStateStore(admissionsStore);
    this.states = context.getStateStore(statesStore);
  }

  @Override
  public void process(Record<String, Decision> record) {
    Decision decision = record.value();
    long now = record.timestamp();
    List<BreakerState> changes = new ArrayList<>();
    List<BreakerScope> scopes = BreakerScope.of(decision, settings);

    for (BreakerScope scope : scopes) {
      BreakerState state = states.get(scope.name());
      if (state == null || state.getStatus() == BreakerStatus.CLOSED) {
        continue;
      }
      if (now >= state.getReopensAt().toEpochMilli()) {
        changes.add(save(closed(state, now)));
        continue;
      }
      emit(record, held(decision, state), changes);
      return;
    }

    for (BreakerScope scope : scopes) {
      int count = admittedWithin(scope.name(), now) + 1;
      if (count > scope.threshold()) {
        BreakerState opened = save(opened(scope, count, decision.getCommandId(), now));
        changes.add(opened);
        emit(record, held(decision, opened), changes);
        return;
      }
    }

    for (BreakerScope scope : scopes) {
      admissions.put(scope.name(), decision.getCommandId(), now);
    }
    emit(record, decision, changes);
  }

  private void emit(Record<String, Decision> record, Decision decision, List<BreakerState> changes) {
    String resourceKey = RecordKeys.resource(decision.getFinding().getResource());
    context.forward(record.withKey(resourceKey).withValue(new BreakerVerdict(decision, List.copyOf(changes))));
  }

  /**
   * Admissions from one window before this record's time onwards, later ones included: remediations reach the
   * breaker from several partitions, so a record can be older than one admitted before it, and leaving that one out
   * would let a spike through. Counting too much holds a command; counting too little acts on production.
   */
  private int admittedWithin(String scope, long now) {
    int count = 0;
    try (WindowStoreIterator<String> admitted = admissions.fetch(scope,
        Instant.ofEpochMilli(now - settings.window().toMillis() + 1), Instant.ofEpochMilli(Long.MAX_VALUE))) {
      while (admitted.hasNext()) {
        admitted.next();
        count++;
      }
    }
    return count;
  }

  private BreakerState save(BreakerState state) {
    states.put(state.getScope(), state);
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
