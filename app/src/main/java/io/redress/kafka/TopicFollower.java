package io.redress.kafka;

import io.redress.config.RedressConfig.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a small compacted topic (the breaker's states) from its beginning for as long as the process runs, on a
 * thread of its own, handing each record's key and decoded value ({@code null} for a tombstone) to a callback. It
 * joins no group, so every process sees every record, and reads {@code read_committed}: a state an aborted
 * transaction wrote never happened. A record that does not decode, has no key or that the callback refuses is skipped
 * with a warning; a broker that is away, or a topic not made yet, is waited for, so following never stops before
 * {@link #close()}.
 */
public final class TopicFollower<T> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);

  private final String topic;
  private final Deserializer<T> decoder;
  private final BiConsumer<String, T> onRecord;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean closing;
  private boolean started;

  public TopicFollower(KafkaSettings kafka, String topic, Deserializer<T> decoder, BiConsumer<String, T> onRecord) {
    this.topic = topic;
    this.decoder = decoder;
    this.onRecord = onRecord;
    Map<String, Object> properties = kafka.consumerConfig();
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::follow, "redress-follow-" + topic);
    thread.setDaemon(true);
  }

  public synchronized void start() {
    started = true;
    thread.start();
  }

  private void follow() {
    try {
      boolean assigned = false;
      while (!closing) {
        try {
          if (!assigned) {
            assigned = assignFromBeginning();
            if (!assigned) {
              log.warn("{} does not exist yet or is not visible; looking again in {} s", topic,
                  AFTER_FAILURE.toSeconds());
              pause();
              continue;
            }
          }
          consumer.poll(POLL).forEach(this::hand);
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          log.warn("following {} failed; trying again in {} s: {}", topic, AFTER_FAILURE.toSeconds(),
              DeadLetters.reason(e));
          pause();
        }
      }
    } catch (WakeupException closed) {
      // close() woke the poll up
    } finally {
      consumer.close();
    }
  }

  /** @return false when the topic has no partitions to read (yet): a consumer assigned none cannot poll */
  private boolean assignFromBeginning() {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition()))
        .toList();
    if (partitions.isEmpty()) {
      return false;
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return true;
  }

  private void hand(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      log.warn("skipping {}-{}@{}: it has no key, so it says nothing about any key", record.topic(),
          record.partition(), record.offset());
      return;
    }
    T value;
    try {
      value = record.value() == null ? null : decoder.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.warn("skipping {}-{}@{}: cannot decode: {}", record.topic(), record.partition(), record.offset(),
          DeadLetters.reason(e));
      return;
    }
    try {
      onRecord.accept(record.key(), value);
    } catch (RuntimeException e) {
      // One record the callback cannot take must not end following: every later state would be missed.
      log.warn("skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), DeadLetters.reason(e));
    }
  }

  private void pause() {
    try {
      Thread.sleep(AFTER_FAILURE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    }
  }

  @Override
  public synchronized void close() throws InterruptedException {
    closing = true;
    if (!started) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    thread.join(Duration.ofSeconds(10).toMillis());
  }
}
