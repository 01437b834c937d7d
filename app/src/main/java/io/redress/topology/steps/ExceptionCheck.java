package io.redress.topology.steps;

import io.redress.contract.ExceptionRecord;
import io.redress.decision.Assessment;
import io.redress.decision.Verdict;
import io.redress.exceptions.ExceptionMatch;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Settles a finding as EXCEPTED when an exception in force covers it. Exceptions live in a global store (every
 * instance holds the whole list) because an account- or control-wide exception must be visible to every
 * partition, whatever resource key it is about.
 */
public final class ExceptionCheck implements FixedKeyProcessor<String, Assessment, Assessment> {

  private final String storeName;
  private FixedKeyProcessorContext<String, Assessment> context;
  private TimestampedKeyValueStore<String, ExceptionRecord> exceptions;

  public ExceptionCheck(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Assessment> context) {
    this.context = context;
    this.exceptions = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, Assessment> record) {
    context.forward(record.withValue(check(record.value())));
  }

  private Assessment check(Assessment assessment) {
    if (assessment.settled()) {
      return assessment;
    }
    ExceptionMatch match = ExceptionMatch.of(key -> {
      ValueAndTimestamp<ExceptionRecord> stored = exceptions.get(key);
      return stored == null ? null : stored.value();
    }, assessment.finding().getResource(), assessment.control(), assessment.at());
    Assessment withExpired = assessment.withExpired(match.expired());
    return match.inForce()
        .map(exception -> withExpired.settle(new Verdict.Excepted(exception, ExceptionMatch.describe(exception))))
        .orElse(withExpired);
  }
}
