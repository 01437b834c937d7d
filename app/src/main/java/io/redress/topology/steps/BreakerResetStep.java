package io.redress.topology.steps;

import io.redress.breaker.Breaker;
import io.redress.contract.BreakerReset;
import io.redress.contract.BreakerState;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies a person's reset to the breaker's states. It shares the states store with {@link BreakerStep}, which puts
 * both in one task: the reset changes the very state the next remediation is judged by. Sends on the closed state,
 * keyed by scope, or nothing when the scope was not open.
 */
public final class BreakerResetStep implements Processor<String, BreakerReset, String, BreakerState> {

  private final String statesStore;
  private ProcessorContext<String, BreakerState> context;
  private KeyValueStore<String, BreakerState> states;

  public BreakerResetStep(String statesStore) {
    this.statesStore = statesStore;
  }

  @Override
  public void init(ProcessorContext<String, BreakerState> context) {
    this.context = context;
    this.states = context.getStateStore(statesStore);
  }

  @Override
  public void process(Record<String, BreakerReset> record) {
    BreakerReset reset = record.value();
    if (reset == null) {
      return;
    }
    Optional<BreakerState> closed = Breaker.reset(new BreakerStep.StoredStates(states), reset.getScope(),
        reset.getBy(), reset.getReason(), record.timestamp());
    closed.ifPresent(state -> context.forward(record.withKey(state.getScope()).withValue(state)));
  }
}
