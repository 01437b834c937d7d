package io.redress.topology.steps;

import io.redress.contract.AddressedLesson;
import io.redress.contract.DueLessons;
import io.redress.contract.LessonWindow;
import io.redress.notification.DigestWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each recipient's open digest window, in a store keyed by recipient (the input is keyed so too, so a recipient's
 * lessons meet on one task). A lesson is admitted at its record's time, which the broker stamped. A window must end
 * even when its recipient gets no further lesson, so ended windows are released by wall-clock punctuation, not by
 * stream time (which only moves when records arrive). Store, outputs and input offsets commit together under
 * exactly-once, so a crash neither loses a collected lesson nor releases a window twice.
 */
public final class DigestStep implements Processor<String, AddressedLesson, String, DueLessons> {

  private static final Duration MOST_BETWEEN_CHECKS = Duration.ofSeconds(1);

  private final DigestWindows windows;
  private final Duration window;
  private final String storeName;
  private ProcessorContext<String, DueLessons> context;
  private KeyValueStore<String, LessonWindow> open;

  /** @param window the configured window length; ended windows are looked for at most a second late */
  public DigestStep(DigestWindows windows, Duration window, String storeName) {
    this.windows = windows;
    this.window = window;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, DueLessons> context) {
    this.context = context;
    this.open = context.getStateStore(storeName);
    Duration interval = window.compareTo(MOST_BETWEEN_CHECKS) < 0 ? window : MOST_BETWEEN_CHECKS;
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> releaseEnded(Instant.ofEpochMilli(now)));
  }

  @Override
  public void process(Record<String, AddressedLesson> record) {
    String recipient = record.value().getRecipient();
    DigestWindows.Admitted admitted = windows.admit(open.get(recipient), record.value(),
        Instant.ofEpochMilli(record.timestamp()));
    open.put(recipient, admitted.window());
    admitted.due().forEach(due -> context.forward(record.withKey(recipient).withValue(due)));
  }

  private void releaseEnded(Instant now) {
    List<KeyValue<String, LessonWindow>> ended = new ArrayList<>();
    try (KeyValueIterator<String, LessonWindow> all = open.all()) {
      all.forEachRemaining(entry -> {
        if (windows.hasEnded(entry.value, now)) {
          ended.add(entry);
        }
      });
    }
    for (KeyValue<String, LessonWindow> entry : ended) {
      open.delete(entry.key);
      windows.release(entry.value).ifPresent(due ->
          context.forward(new Record<>(entry.key, due, now.toEpochMilli())));
    }
  }
}
