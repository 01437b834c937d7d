package io.redress.operations;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.kafka.KafkaSetupException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic from its beginning to its end as it is now, the way a person's command needs it: with
 * {@code assign()} and no consumer group, so it never joins (or moves the offsets of) a role's group, and
 * {@code read_committed}, so it sees only what the topology and the executors committed.
 */
public final class TopicScan {

  private static final Logger log = LoggerFactory.getLogger(TopicScan.class);
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);

  private TopicScan() {
  }

  /** Hands every record on {@code topic} up to its current end to {@code each}, partition by partition. */
  public static void each(KafkaSettings kafka, String topic, Consumer<ConsumerRecord<String, byte[]>> each) {
    try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
      List<TopicPartition> partitions = partitions(consumer, kafka, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Instant deadline = Instant.now().plus(LIMIT);
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
        if (Instant.now().isAfter(deadline)) {
          throw new KafkaSetupException("Could not read " + topic + " to its end within " + LIMIT.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          // Records appended after the end was taken belong to a later look.
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            each.accept(record);
          }
        }
      }
    } catch (KafkaException e) {
      throw new KafkaSetupException("Could not read " + topic + " from " + kafka.bootstrapServers().orElse("?")
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * The latest value per key of a compacted topic, and the keys whose latest value this version cannot decode.
   *
   * @param values the decodable latest values, in the order keys were first written
   * @param undecodable the keys whose latest record holds a value that does not decode (written by a newer version,
   *     or by hand): what it says is unknown, so it is neither absent nor any value
   */
  public record Latest<T>(Map<String, T> values, Set<String> undecodable) {

    public Latest {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      undecodable = Collections.unmodifiableSet(new TreeSet<>(undecodable));
    }
  }

  /** The latest value per key of {@code topic} as it is now; a tombstone removes its key. */
  public static <T> Latest<T> latestByKey(KafkaSettings kafka, String topic, Deserializer<T> deserializer) {
    Map<String, T> values = new LinkedHashMap<>();
    Set<String> undecodable = new TreeSet<>();
    each(kafka, topic, record -> {
      if (record.key() == null) {
        return;
      }
      if (record.value() == null) {
        values.remove(record.key());
        undecodable.remove(record.key());
        return;
      }
      try {
        values.put(record.key(), deserializer.deserialize(topic, record.value()));
        undecodable.remove(record.key());
      } catch (SerializationException e) {
        values.remove(record.key());
        undecodable.add(record.key());
      }
    });
    return new Latest<>(values, undecodable);
  }

  /** Decodes with {@code deserializer}; a value it cannot decode is logged and read as absent. */
  public static <T> BiFunction<String, byte[], T> skippingUndecodable(Deserializer<T> deserializer) {
    return (topic, value) -> {
      try {
        return deserializer.deserialize(topic, value);
      } catch (SerializationException e) {
        log.warn("ignoring an undecodable record on {}: {}", topic, e.getMessage());
        return null;
      }
    };
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, KafkaSettings kafka, String topic) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
    if (partitions.isEmpty()) {
      throw new KafkaSetupException("Topic " + topic + " does not exist on " + kafka.bootstrapServers().orElse("?")
          + "; `./redress run` creates it");
    }
    return partitions;
  }

  /** A consumer as the commands read with: assigned, never committing, read_committed, each call bounded. */
  static KafkaConsumer<String, byte[]> consumer(KafkaSettings kafka) {
    Map<String, Object> properties = kafka.consumerConfig();
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
