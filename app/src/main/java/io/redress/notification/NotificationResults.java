package io.redress.notification;

import io.redress.config.Topics;
import io.redress.contract.NotificationResult;
import io.redress.kafka.AvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads {@link Topics#notificationResults()} from its beginning to its end, as it is now. */
public final class NotificationResults {

  private NotificationResults() {
  }

  /** @param clientProperties the consumer's settings ({@code kafka.properties}, then {@code kafka.consumer}) */
  public static void readAll(Properties clientProperties, Topics topics, Consumer<NotificationResult> each) {
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Deserializer<NotificationResult> results = AvroSerde.of(NotificationResult.class).deserializer();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.notificationResults()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            each.accept(results.deserialize(record.topic(), record.value()));
          } catch (SerializationException e) {
            // Not a result this version can read: it counts for nothing.
          }
        }
      }
    }
  }
}
