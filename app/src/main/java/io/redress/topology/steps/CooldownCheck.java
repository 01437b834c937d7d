package io.redress.topology.steps;

import io.redress.decision.Assessment;
import io.redress.decision.Cooldown;
import io.redress.decision.Verdict;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Settles a finding as DUPLICATE when the same resource and control were handled within the {@link Cooldown},
 * remembering when each (resource, control) was last handled.
 *
 * <p>It runs after the exception check so that an excepted finding never starts a cool-down: when the exception
 * is revoked, the next finding is acted on at once.
 *
 * <p>A finding that reports the control passing on the resource ends its cool-down: fixed and then broken again is
 * new work, not a duplicate. A forged "passed" gains nothing unsafe by it: the next failure still passes exceptions,
 * policy and the breaker, which counts it like any other command. An explicit request (a person chose a custom
 * action) is not held back by the cool-down either, and starts one like any handled finding; only a redelivery of
 * the event that carried it (the same EventBridge event id, which EventBridge may deliver more than once) is a
 * duplicate within the cool-down.
 */
public final class CooldownCheck implements FixedKeyProcessor<String, Assessment, Assessment> {

  private final String storeName;
  private final Cooldown cooldown;
  private FixedKeyProcessorContext<String, Assessment> context;
  private KeyValueStore<String, Long> handledAt;

  public CooldownCheck(String storeName, Cooldown cooldown) {
    this.storeName = storeName;
    this.cooldown = cooldown;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Assessment> context) {
    this.context = context;
    this.handledAt = context.getStateStore(storeName);
    // One entry per resource and control ever handled would grow without end (and with it the changelog a restart
    // restores from); past its cool-down an entry decides nothing, so it is swept on stream time.
    context.schedule(cooldown.length(), PunctuationType.STREAM_TIME, this::forgetExpired);
  }

  private void forgetExpired(long streamTime) {
    try (KeyValueIterator<String, Long> entries = handledAt.all()) {
      while (entries.hasNext()) {
        KeyValue<String, Long> entry = entries.next();
        if (cooldown.over(entry.value, streamTime)) {
          handledAt.delete(entry.key);
        }
      }
    }
  }

  @Override
  public void process(FixedKeyRecord<String, Assessment> record) {
    Assessment assessment = record.value();
    String key = record.key() + "|" + assessment.control();
    if (assessment.resolves()) {
      context.forward(record.withValue(resolve(assessment, key)));
      return;
    }
    if (assessment.settled()) {
      context.forward(record);
      return;
    }
    Optional<String> delivery = assessment.requestId().map(id -> key + "|request|" + id);
    Optional<Verdict> duplicate = assessment.requested() ? redelivered(assessment, delivery) : repeated(assessment, key);
    if (duplicate.isPresent()) {
      context.forward(record.withValue(assessment.settle(duplicate.get())));
      return;
    }
    handledAt.put(key, assessment.at());
    delivery.ifPresent(requested -> handledAt.put(requested, assessment.at()));
    context.forward(record);
  }

  private Optional<Verdict> repeated(Assessment assessment, String key) {
    Long previous = handledAt.get(key);
    return previous == null ? Optional.empty() : cooldown.judge(assessment.control(), previous, assessment.at());
  }

  /** A request skips the cool-down, but not the redelivery of the event that carried it. */
  private Optional<Verdict> redelivered(Assessment assessment, Optional<String> delivery) {
    Long previous = delivery.map(handledAt::get).orElse(null);
    return previous == null ? Optional.empty()
        : cooldown.judgeRedelivery(assessment.control(), assessment.requestId().orElseThrow(), previous,
            assessment.at());
  }

  /** Forgets the cool-down of a resolved (resource, control), saying so in the decision when there was one. */
  private Assessment resolve(Assessment assessment, String key) {
    Long previous = handledAt.get(key);
    if (previous == null || cooldown.over(previous, assessment.at())) {
      return assessment;
    }
    handledAt.delete(key);
    Verdict verdict = assessment.verdict().orElseThrow();
    return assessment.settle(new Verdict.NotActionable(
        cooldown.resolvedReason(verdict.reason(), assessment.control(), previous)));
  }
}
