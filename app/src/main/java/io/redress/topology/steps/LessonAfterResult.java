package io.redress.topology.steps;

import io.redress.contract.Decision;
import io.redress.contract.Notification;
import io.redress.contract.RemediationResult;
import java.util.function.BiFunction;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs a decision that issued a command with the command's result, by command id, and emits the lesson once both
 * are known: a lesson says what actually happened, never what was merely ordered. Decisions and results are read
 * from their topics, both keyed by resource, so a command's pair meets on one partition; whichever arrives first
 * waits in its store (a result can overtake its decision when this task reads the decisions topic later than the
 * executor answered).
 */
public final class LessonAfterResult {

  private LessonAfterResult() {
  }

  /** Stores a decision until its result arrives, or emits at once if the result came first. */
  public static final class OnDecision implements FixedKeyProcessor<String, Decision, Notification> {
    private final String decisionsStore;
    private final String resultsStore;
    private final BiFunction<Decision, RemediationResult, Notification> lesson;
    private FixedKeyProcessorContext<String, Notification> context;
    private KeyValueStore<String, Decision> decisions;
    private KeyValueStore<String, RemediationResult> results;

    public OnDecision(String decisionsStore, String resultsStore,
        BiFunction<Decision, RemediationResult, Notification> lesson) {
      this.decisionsStore = decisionsStore;
      this.resultsStore = resultsStore;
      this.lesson = lesson;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Notification> context) {
      this.context = context;
      this.decisions = context.getStateStore(decisionsStore);
      this.results = context.getStateStore(resultsStore);
    }

    @Override
    public void process(FixedKeyRecord<String, Decision> record) {
      String commandId = record.value().getCommandId();
      RemediationResult early = results.delete(commandId);
      if (early != null) {
        context.forward(record.withValue(lesson.apply(record.value(), early)));
      } else {
        decisions.put(commandId, record.value());
      }
    }
  }

  /** Emits the lesson for a result whose decision is known, or keeps the result until the decision arrives. */
  public static final class OnResult implements FixedKeyProcessor<String, RemediationResult, Notification> {
    private final String decisionsStore;
    private final String resultsStore;
    private final BiFunction<Decision, RemediationResult, Notification> lesson;
    private FixedKeyProcessorContext<String, Notification> context;
    private KeyValueStore<String, Decision> decisions;
    private KeyValueStore<String, RemediationResult> results;

    public OnResult(String decisionsStore, String resultsStore,
        BiFunction<Decision, RemediationResult, Notification> lesson) {
      this.decisionsStore = decisionsStore;
      this.resultsStore = resultsStore;
      this.lesson = lesson;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Notification> context) {
      this.context = context;
      this.decisions = context.getStateStore(decisionsStore);
      this.results = context.getStateStore(resultsStore);
    }

    @Override
    public void process(FixedKeyRecord<String, RemediationResult> record) {
      String commandId = record.value().getCommandId();
      Decision decision = decisions.delete(commandId);
      if (decision != null) {
        context.forward(record.withValue(lesson.apply(decision, record.value())));
      } else {
        results.put(commandId, record.value());
      }
    }
  }
}
