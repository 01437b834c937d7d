package io.redress.http.console;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.Topics;
import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.kafka.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link LiveState} up to date from the topics, on a thread of its own, for as long as the http role runs.
 *
 * <p>One consumer with {@code assign()} and no group: every console instance reads everything itself, never joins
 * (or moves the offsets of) a role's group, and commits nothing. {@code read_committed}, so it shows only what the
 * topology, the executors and people's operations committed. The compacted topics are read from the beginning;
 * the decisions only from as far back as the console keeps, so a long audit log costs no start-up time.
 */
final class ConsoleFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsoleFeed.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private static final Deserializer<BreakerState> BREAKERS = AvroSerde.of(BreakerState.class).deserializer();
  private static final Deserializer<RemediationCommand> COMMANDS = AvroSerde.of(RemediationCommand.class).deserializer();
  private static final Deserializer<HeldResolution> RESOLUTIONS = AvroSerde.of(HeldResolution.class).deserializer();
  private static final Deserializer<ExceptionRecord> EXCEPTIONS = AvroSerde.of(ExceptionRecord.class).deserializer();
  private static final Deserializer<Decision> DECISIONS = AvroSerde.of(Decision.class).deserializer();

  private final Topics topics;
  private final Supplier<Consumer<String, byte[]>> consumers;
  private final LiveState state;
  private final int recentDecisions;
  private final Queue<CompletableFuture<Void>> catchUps = new ConcurrentLinkedQueue<>();
  /** Completed once the state, as last emptied, has caught up with the topics; replaced each time it is emptied. */
  private volatile CompletableFuture<Void> caughtUp = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile Consumer<String, byte[]> consumer;

  ConsoleFeed(KafkaSettings kafka, LiveState state, int recentDecisions) {
    this(kafka.topics(), () -> consumer(kafka), state, recentDecisions);
  }

  /** @param consumers a new consumer for each reading of the topics from the start */
  ConsoleFeed(Topics topics, Supplier<Consumer<String, byte[]>> consumers, LiveState state, int recentDecisions) {
    this.topics = topics;
    this.consumers = consumers;
    this.state = state;
    this.recentDecisions = recentDecisions;
    this.thread = new Thread(this::feed, "console-feed");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Whether the state has caught up with the topics as they were when it was last read from the start. A failed
   * feed empties the state and reads everything again, so this is false again from then until that reading catches
   * up: a page shown meanwhile says it is still reading, rather than that nothing is held.
   */
  boolean ready() {
    return caughtUp.isDone();
  }

  /**
   * Waits (at most {@code limit}) until the state includes everything committed before this call, so that a page
   * shown right after a person's release already shows it released.
   */
  void awaitCaughtUp(Duration limit) {
    CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    catchUps.add(caughtUp);
    try {
      caughtUp.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.debug("the console's state is still catching up after {}", limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private void feed() {
    while (!closed) {
      try (Consumer<String, byte[]> reading = consumers.get()) {
        consumer = reading;
        // Not ready before the state is emptied, so that no page takes the empty state for what the topics hold.
        CompletableFuture<Void> catchingUp = new CompletableFuture<>();
        caughtUp = catchingUp;
        state.clear();
        follow(reading, catchingUp);
      } catch (WakeupException e) {
        return;
      } catch (KafkaException | IllegalStateException e) {
        if (closed) {
          return;
        }
        log.warn("the console's feed failed, reading the topics again in {} s: {}", RETRY.toSeconds(), e.toString());
        sleep();
      }
    }
  }

  private void follow(Consumer<String, byte[]> reading, CompletableFuture<Void> catchingUp) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(topics.breaker(), topics.remediationsHeld(), topics.heldResolutions(),
        topics.exceptions(), topics.decisions())) {
      reading.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    reading.assign(partitions);
    catchUps.add(catchingUp);
    reading.seekToBeginning(partitions);
    List<TopicPartition> decisions = partitions.stream().filter(p -> p.topic().equals(topics.decisions())).toList();
    Map<TopicPartition, Long> decisionsStart = reading.beginningOffsets(decisions);
    reading.endOffsets(decisions).forEach((partition, end) ->
        reading.seek(partition, Math.max(decisionsStart.get(partition), end - recentDecisions)));
    Map<CompletableFuture<Void>, Map<TopicPartition, Long>> waiting = new HashMap<>();
    while (!closed) {
      for (ConsumerRecord<String, byte[]> record : reading.poll(POLL)) {
        apply(record);
      }
      for (CompletableFuture<Void> next = catchUps.poll(); next != null; next = catchUps.poll()) {
        // Under read_committed the end offsets are the last stable offsets: all that is committed.
        waiting.put(next, reading.endOffsets(partitions));
      }
      waiting.entrySet().removeIf(entry -> {
        boolean reached = entry.getValue().entrySet().stream()
            .allMatch(end -> reading.position(end.getKey()) >= end.getValue());
        if (reached) {
          entry.getKey().complete(null);
        }
        return reached;
      });
    }
  }

  /**
   * Hands one record to the state; a record that cannot be decoded is logged and left out, except that a resolution
   * keeps its command off the pending list even then.
   */
  private void apply(ConsumerRecord<String, byte[]> record) {
    String topic = record.topic();
    byte[] value = record.value();
    try {
      if (topic.equals(topics.breaker())) {
        state.breaker(record.key(), value == null ? null : BREAKERS.deserialize(topic, value));
      } else if (topic.equals(topics.exceptions())) {
        state.exception(record.key(), value == null ? null : EXCEPTIONS.deserialize(topic, value));
      } else if (value == null) {
        return;
      } else if (topic.equals(topics.remediationsHeld())) {
        state.held(COMMANDS.deserialize(topic, value));
      } else if (topic.equals(topics.heldResolutions())) {
        state.resolution(RESOLUTIONS.deserialize(topic, value));
      } else if (topic.equals(topics.decisions())) {
        state.decision(DECISIONS.deserialize(topic, value));
      } else {
        log.warn("the console's feed does not read {}", topic);
      }
    } catch (SerializationException e) {
      log.warn("the console ignores an undecodable record at {}-{}@{}: {}", topic, record.partition(),
          record.offset(), e.getMessage());
      if (topic.equals(topics.heldResolutions()) && record.key() != null) {
        state.unreadableResolution(record.key());
      }
    }
  }

  private static Consumer<String, byte[]> consumer(KafkaSettings kafka) {
    Map<String, Object> properties = kafka.consumerConfig();
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private void sleep() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    Consumer<String, byte[]> reading = consumer;
    if (reading != null) {
      reading.wakeup();
    }
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
