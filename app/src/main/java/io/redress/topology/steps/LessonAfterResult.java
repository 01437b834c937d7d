package io.redress.topology.steps;

import io.redress.contract.Decision;
import io.redress.contract.Notification;
import io.redress.contract.RemediationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pairs a decision that issued a command with the command's result, by command id, and emits the lesson once both
 * are known: a lesson says what actually happened, never what was merely ordered. Decisions and results are read
 * from their topics, both keyed by resource, so a command's pair meets on one partition; whichever arrives first
 * waits in its store (a result can overtake its decision when this task reads the decisions topic later than the
 * executor answered). What waits longer than {@link #LONGEST_WAIT} is given up: a held command that a person
 * discarded or denied never gets a result, and its decision would otherwise stay in the store, and in the changelog
 * a restart restores, for good.
 */
public final class LessonAfterResult {

  /** Longer than any command waits for a person, so only the pair that can no longer meet is given up. */
  public static final Duration LONGEST_WAIT = Duration.ofDays(30);
  private static final Duration SWEEP_EVERY = Duration.ofHours(1);
  private static final Logger log = LoggerFactory.getLogger(LessonAfterResult.class);

  private LessonAfterResult() {
  }

  /** Stores a decision until its result arrives, or emits at once if the result came first. */
  public static final class OnDecision extends Half<Decision, RemediationResult> {
    public OnDecision(String decisionsStore, String resultsStore,
        BiFunction<Decision, RemediationResult, Notification> lesson) {
      super(decisionsStore, resultsStore, Decision::getCommandId, Decision::getDecidedAt, lesson);
    }
  }

  /** Emits the lesson for a result whose decision is known, or keeps the result until the decision arrives. */
  public static final class OnResult extends Half<RemediationResult, Decision> {
    public OnResult(String decisionsStore, String resultsStore,
        BiFunction<Decision, RemediationResult, Notification> lesson) {
      super(resultsStore, decisionsStore, RemediationResult::getCommandId, RemediationResult::getExecutedAt,
          (result, decision) -> lesson.apply(decision, result));
    }
  }

  /**
   * One side of the pair: a record of this side takes its partner from the other side's store and emits the lesson,
   * or waits in this side's store for the partner.
   *
   * @param <T> this side's records
   * @param <P> the partner side's records
   */
  private abstract static class Half<T, P> implements FixedKeyProcessor<String, T, Notification> {
    private final String ownStore;
    private final String partnerStore;
    private final Function<T, String> commandId;
    private final Function<T, Instant> at;
    private final BiFunction<T, P, Notification> lesson;
    private FixedKeyProcessorContext<String, Notification> context;
    private KeyValueStore<String, T> waiting;
    private KeyValueStore<String, P> partners;

    Half(String ownStore, String partnerStore, Function<T, String> commandId, Function<T, Instant> at,
        BiFunction<T, P, Notification> lesson) {
      this.ownStore = ownStore;
      this.partnerStore = partnerStore;
      this.commandId = commandId;
      this.at = at;
      this.lesson = lesson;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Notification> context) {
      this.context = context;
      this.waiting = context.getStateStore(ownStore);
      this.partners = context.getStateStore(partnerStore);
      // Stream time: the broker's times of what this task read, so a backlog read late is not given up early.
      context.schedule(SWEEP_EVERY, PunctuationType.STREAM_TIME, this::giveUpStale);
    }

    /** Deletes what waited more than {@link #LONGEST_WAIT} before {@code now}; what waited exactly that long stays. */
    private void giveUpStale(long now) {
      Instant oldest = Instant.ofEpochMilli(now).minus(LONGEST_WAIT);
      List<String> stale = new ArrayList<>();
      try (KeyValueIterator<String, T> entries = waiting.all()) {
        entries.forEachRemaining(entry -> {
          if (at.apply(entry.value).isBefore(oldest)) {
            stale.add(entry.key);
          }
        });
      }
      stale.forEach(waiting::delete);
      if (!stale.isEmpty()) {
        log.info("{}: gave up {} that waited over {} days for their other half (a held command discarded or denied"
            + " gets no result)", ownStore, stale.size(), LONGEST_WAIT.toDays());
      }
    }

    @Override
    public void process(FixedKeyRecord<String, T> record) {
      String id = commandId.apply(record.value());
      // Looked up before it is deleted: a store's delete writes a tombstone to its changelog even when the key is
      // absent, which the partner usually is when its own half reads first.
      P partner = partners.get(id);
      if (partner != null) {
        partners.delete(id);
        context.forward(record.withValue(lesson.apply(record.value(), partner)));
      } else {
        waiting.put(id, record.value());
      }
    }
  }
}
