package io.redress.topology.steps;

import io.redress.breaker.Breaker;
import io.redress.breaker.BreakerStates;
import io.redress.breaker.BreakerVerdict;
import io.redress.config.RedressConfig.BreakerSettings;
import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import io.redress.kafka.RecordKeys;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Runs every remediation through the {@link Breaker}, keeping its admissions in a window store and its states in
 * a key-value store, and sends the verdict on keyed by resource again.
 */
public final class BreakerStep implements Processor<String, Decision, String, BreakerVerdict> {

  /** The key every remediation carries on its way to the breaker, putting them all on one partition. */
  public static final String ROUTE = "breaker";

  private final BreakerSettings settings;
  private final String admissionsStore;
  private final String statesStore;
  private ProcessorContext<String, BreakerVerdict> context;
  private Breaker breaker;

  public BreakerStep(BreakerSettings settings, String admissionsStore, String statesStore) {
    this.settings = settings;
    this.admissionsStore = admissionsStore;
    this.statesStore = statesStore;
  }

  @Override
  public void init(ProcessorContext<String, BreakerVerdict> context) {
    this.context = context;
    WindowStore<String, String> admissions = context.getStateStore(admissionsStore);
    KeyValueStore<String, BreakerState> states = context.getStateStore(statesStore);
    this.breaker = new Breaker(settings, StoredAdmissions.restored(admissions, settings.window().toMillis()),
        new StoredStates(states));
  }

  @Override
  public void process(Record<String, Decision> record) {
    BreakerVerdict verdict = breaker.admit(record.value(), record.timestamp());
    String resourceKey = RecordKeys.resource(verdict.decision().getFinding().getResource());
    context.forward(record.withKey(resourceKey).withValue(verdict));
  }

  record StoredStates(KeyValueStore<String, BreakerState> store) implements BreakerStates {

    @Override
    public Optional<BreakerState> get(String scope) {
      return Optional.ofNullable(store.get(scope));
    }

    @Override
    public void put(BreakerState state) {
      store.put(state.getScope(), state);
    }
  }
}
