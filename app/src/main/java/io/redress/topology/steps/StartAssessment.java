package io.redress.topology.steps;

import io.redress.contract.Finding;
import io.redress.decision.Assessment;
import io.redress.decision.OwnPrincipals;
import io.redress.kafka.RecordKeys;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Starts a finding's assessment at the record's time: when the finding entered Kafka (see {@code BrokerTime}),
 * never a time the finding's payload claims.
 */
public final class StartAssessment implements FixedKeyProcessor<String, Finding, Assessment> {

  private final OwnPrincipals own;
  private final UnaryOperator<String> canonicalControl;
  private FixedKeyProcessorContext<String, Assessment> context;

  /**
   * @param own Redress's own roles, whose changes never produce commands
   * @param canonicalControl a control id as the catalogue spells it: a source may send {@code s3.8} for {@code S3.8},
   *     which must not escape its cool-down, its breaker count or its mode
   */
  public StartAssessment(OwnPrincipals own, UnaryOperator<String> canonicalControl) {
    this.own = own;
    this.canonicalControl = canonicalControl;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Assessment> context) {
    this.context = context;
  }

  /**
   * @throws IllegalArgumentException for a finding not keyed by its resource, which the topology's handler puts on
   *     the dead-letter topic: only a writer other than Redress keys one so (kcat without a key, say), and deciding
   *     it on the partition its key chose would put its cool-down where its resource's findings never look and fork
   *     two partitions' decision chains, which {@code audit verify} would then report broken for good
   */
  @Override
  public void process(FixedKeyRecord<String, Finding> record) {
    String key = RecordKeys.resource(record.value().getResource());
    if (!key.equals(record.key())) {
      throw new IllegalArgumentException("a finding keyed " + (record.key() == null ? "by nothing" : "'"
          + record.key() + "'") + " on the findings topic, not by its resource ('" + key + "'); only the normalize"
          + " step writes there, and a finding decided on another partition than its resource's would miss its"
          + " cool-down and fork the decision chains");
    }
    Finding finding = record.value();
    String control = canonicalControl.apply(finding.getControl());
    if (control != null && !control.equals(finding.getControl())) {
      finding = Finding.newBuilder(finding).setControl(control).build();
    }
    context.forward(record.withValue(Assessment.of(finding, record.timestamp(), own)));
  }
}
