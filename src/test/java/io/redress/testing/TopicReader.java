package io.redress.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.kafka.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic as an auditor would: read_committed, from the start, every partition. */
public final class TopicReader {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private TopicReader() {
  }

  /**
   * Reads until the expected count arrived, then a little longer, so that one record too many is caught as surely
   * as one too few.
   */
  public static <T extends SpecificRecord> List<T> readExactly(
      Properties client, String topic, Class<T> type, int expected) {
    return readExactly(client, topic, type, value -> true, expected);
  }

  /** As {@link #readExactly(Properties, String, Class, int)}, counting only the records that match. */
  public static <T extends SpecificRecord> List<T> readExactly(
      Properties client, String topic, Class<T> type, Predicate<T> matching, int expected) {
    Properties properties = new Properties();
    properties.putAll(client);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    AvroSerde<T> serde = AvroSerde.of(type);
    List<T> values = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      // Read at least up to the end the topic has now: expecting none, or too few, is not settled by reading nothing.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
      long settleUntil = Long.MAX_VALUE;
      boolean caughtUp = false;
      while (System.currentTimeMillis() < Math.min(deadline, settleUntil)) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          T value = serde.deserializer().deserialize(topic, record.value());
          if (matching.test(value)) {
            values.add(value);
          }
        });
        caughtUp = caughtUp || partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
        if (caughtUp && values.size() >= expected && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.currentTimeMillis() + SETTLE.toMillis();
        }
      }
      assertThat(caughtUp).as("%s read up to its end offsets %s within %s", topic, ends, PATIENCE).isTrue();
    }
    assertThat(values).as("records on %s", topic).hasSize(expected);
    return values;
  }
}
