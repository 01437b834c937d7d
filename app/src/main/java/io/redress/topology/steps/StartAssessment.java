package io.redress.topology.steps;

import io.redress.contract.Finding;
import io.redress.decision.Assessment;
import io.redress.decision.OwnPrincipals;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Starts a finding's assessment at the record's time: when the finding entered Kafka (see {@code BrokerTime}),
 * never a time the finding's payload claims.
 */
public final class StartAssessment implements FixedKeyProcessor<String, Finding, Assessment> {

  private final OwnPrincipals own;
  private FixedKeyProcessorContext<String, Assessment> context;

  /** @param own Redress's own roles, whose changes never produce commands */
  public StartAssessment(OwnPrincipals own) {
    this.own = own;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Assessment> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, Finding> record) {
    context.forward(record.withValue(Assessment.of(record.value(), record.timestamp(), own)));
  }
}
