package io.redress.topology.steps;

import io.redress.contract.AddressedLesson;
import io.redress.contract.LessonWindow;
import io.redress.kafka.DeadLetters;
import io.redress.kafka.DeadLetters.Origin;
import io.redress.notification.DigestWindows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
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
 * exactly-once, so a crash neither loses a collected lesson nor releases a window twice. The store holds windows as
 * written, and this step decodes each itself: a window it cannot read (written by another version) is dead-lettered
 * as stored and dropped, rather than failing every release of the task's windows and every lesson to its recipient.
 */
public final class DigestStep implements Processor<String, AddressedLesson, String, Digested> {

  private static final Duration MOST_BETWEEN_CHECKS = Duration.ofSeconds(1);

  private final DigestWindows windows;
  private final Duration window;
  private final Serde<LessonWindow> stored;
  private final String storeName;
  private ProcessorContext<String, Digested> context;
  private KeyValueStore<String, byte[]> open;

  /**
   * @param window the configured window length; ended windows are looked for at most a second late
   * @param stored how a window is written in the store
   */
  public DigestStep(DigestWindows windows, Duration window, Serde<LessonWindow> stored, String storeName) {
    this.windows = windows;
    this.window = window;
    this.stored = stored;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, Digested> context) {
    this.context = context;
    this.open = context.getStateStore(storeName);
    Duration interval = window.compareTo(MOST_BETWEEN_CHECKS) < 0 ? window : MOST_BETWEEN_CHECKS;
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> releaseEnded(Instant.ofEpochMilli(now)));
  }

  @Override
  public void process(Record<String, AddressedLesson> record) {
    String recipient = record.value().getRecipient();
    LessonWindow current = readable(recipient, open.get(recipient), record.timestamp()).orElse(null);
    DigestWindows.Admitted admitted = windows.admit(current, record.value(), Instant.ofEpochMilli(record.timestamp()));
    open.put(recipient, stored.serializer().serialize(storeName, admitted.window()));
    admitted.due().forEach(due -> context.forward(record.withKey(recipient).withValue(new Digested.Due(due))));
  }

  private void releaseEnded(Instant now) {
    List<KeyValue<String, LessonWindow>> ended = new ArrayList<>();
    List<KeyValue<String, byte[]>> unreadable = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = open.all()) {
      all.forEachRemaining(entry -> {
        try {
          LessonWindow held = stored.deserializer().deserialize(storeName, entry.value);
          if (windows.hasEnded(held, now)) {
            ended.add(KeyValue.pair(entry.key, held));
          }
        } catch (RuntimeException e) {
          unreadable.add(entry);
        }
      });
    }
    // Dropped once the iteration is over, like the ended windows, as the store is not changed under its iterator.
    unreadable.forEach(entry -> readable(entry.key, entry.value, now.toEpochMilli()));
    for (KeyValue<String, LessonWindow> entry : ended) {
      open.delete(entry.key);
      windows.release(entry.value).ifPresent(due ->
          context.forward(new Record<>(entry.key, new Digested.Due(due), now.toEpochMilli())));
    }
  }

  /** The recipient's window as stored; one that cannot be read is dead-lettered and deleted, and reads as none. */
  private Optional<LessonWindow> readable(String recipient, byte[] window, long timestamp) {
    if (window == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(stored.deserializer().deserialize(storeName, window));
    } catch (RuntimeException e) {
      open.delete(recipient);
      byte[] key = recipient.getBytes(StandardCharsets.UTF_8);
      Origin origin = new Origin(context.applicationId() + "-" + storeName + "-changelog",
          context.taskId().partition(), -1, key, timestamp);
      context.forward(new Record<>(recipient, new Digested.Unreadable(DeadLetters.of(origin, window, "digest",
          "an open digest window that cannot be read, dropped with its collected lessons: " + DeadLetters.reason(e))),
          timestamp));
      return Optional.empty();
    }
  }
}
