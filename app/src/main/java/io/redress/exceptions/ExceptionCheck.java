package io.redress.exceptions;

import io.redress.contract.AppliedException;
import io.redress.contract.ExceptionRecord;
import io.redress.decision.Assessment;
import io.redress.decision.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a finding as EXCEPTED when an exception in force covers it. Exceptions live in a global store (every
 * instance holds the whole list) because an account- or control-wide exception must be visible to every
 * partition, whatever resource key it is about.
 */
public final class ExceptionCheck implements FixedKeyProcessor<String, Assessment, Assessment> {

  private static final Logger log = LoggerFactory.getLogger(ExceptionCheck.class);

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
    List<AppliedException> expired = new ArrayList<>();
    for (String key : ExceptionScope.candidateKeys(assessment.finding())) {
      ValueAndTimestamp<ExceptionRecord> stored = exceptions.get(key);
      if (stored == null || stored.value() == null) {
        continue;
      }
      ExceptionRecord exception = stored.value();
      if (!ExceptionScope.of(exception.getScope()).key().equals(key)) {
        // A record published under a key that does not describe its own scope would apply to findings its
        // approver never meant; refusing it is safer than guessing which of the two was intended.
        log.warn("ignoring exception stored under '{}' whose scope is '{}'", key,
            ExceptionScope.of(exception.getScope()).key());
        continue;
      }
      AppliedException applied = applied(key, exception);
      if (exception.getExpiresAt().toEpochMilli() > assessment.at()) {
        return assessment.withExpired(expired).settle(new Verdict.Excepted(applied,
            "exception '" + key + "' approved by " + exception.getApprover() + " until "
                + exception.getExpiresAt() + ": " + exception.getReason()));
      }
      expired.add(applied);
    }
    return assessment.withExpired(expired);
  }

  private static AppliedException applied(String key, ExceptionRecord exception) {
    return AppliedException.newBuilder()
        .setScopeKey(key)
        .setReason(exception.getReason())
        .setApprover(exception.getApprover())
        .setExpiresAt(exception.getExpiresAt())
        .setTicket(exception.getTicket())
        .build();
  }
}
