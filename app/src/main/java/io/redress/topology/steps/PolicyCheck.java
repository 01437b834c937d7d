package io.redress.topology.steps;

import io.redress.decision.Assessment;
import io.redress.decision.Policy;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Settles every finding still open by its control's configured mode ({@link Policy}). */
public final class PolicyCheck implements FixedKeyProcessor<String, Assessment, Assessment> {

  private final Policy policy;
  private FixedKeyProcessorContext<String, Assessment> context;

  public PolicyCheck(Policy policy) {
    this.policy = policy;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Assessment> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, Assessment> record) {
    context.forward(record.withValue(policy.decide(record.value())));
  }
}
