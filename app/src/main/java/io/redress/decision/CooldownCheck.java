package io.redress.decision;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Settles a finding as DUPLICATE when the same resource and control were handled within the cool-down. Sources
 * re-send findings (Security Hub re-imports a failing finding on every evaluation), and Redress's own change to a
 * resource produces fresh events; without this step either would command the same fix again and again.
 *
 * <p>It runs after the exception check so that an excepted finding never starts a cool-down: when the exception
 * is revoked, the next finding is acted on at once.
 */
public final class CooldownCheck implements FixedKeyProcessor<String, Assessment, Assessment> {

  private final String storeName;
  private final Duration cooldown;
  private FixedKeyProcessorContext<String, Assessment> context;
  private KeyValueStore<String, Long> handledAt;

  public CooldownCheck(String storeName, Duration cooldown) {
    this.storeName = storeName;
    this.cooldown = cooldown;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Assessment> context) {
    this.context = context;
    this.handledAt = context.getStateStore(storeName);
    // One entry per resource and control ever handled would grow without end; past its cool-down an entry decides
    // nothing, so it is swept on stream time.
    context.schedule(cooldown, PunctuationType.STREAM_TIME, this::forgetExpired);
  }

  private void forgetExpired(long streamTime) {
    try (KeyValueIterator<String, Long> entries = handledAt.all()) {
      while (entries.hasNext()) {
        KeyValue<String, Long> entry = entries.next();
        if (entry.value + cooldown.toMillis() <= streamTime) {
          handledAt.delete(entry.key);
        }
      }
    }
  }

  @Override
  public void process(FixedKeyRecord<String, Assessment> record) {
    Assessment assessment = record.value();
    if (assessment.settled()) {
      context.forward(record);
      return;
    }
    String key = record.key() + "|" + assessment.control();
    Long previous = handledAt.get(key);
    if (previous != null && assessment.at() < previous + cooldown.toMillis()) {
      context.forward(record.withValue(assessment.settle(new Verdict.Duplicate(
          assessment.control() + " on this resource was already handled at " + Instant.ofEpochMilli(previous)
              + "; in cool-down until " + Instant.ofEpochMilli(previous + cooldown.toMillis())))));
      return;
    }
    handledAt.put(key, assessment.at());
    context.forward(record);
  }
}
