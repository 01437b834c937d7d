package io.redress.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning as a downstream consumer would, read_committed: a record counts once the
 * transaction that wrote it has committed, which is when anyone could act on it.
 */
final class CommittedReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private long read;

  CommittedReader(String bootstrapServers, String topic) {
    Properties properties = BenchBroker.clientProperties(bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = partitions(topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** A topic created a moment ago may not show its partitions yet: an empty assignment would read nothing, ever. */
  private List<TopicPartition> partitions(String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<TopicPartition> partitions = List.of();
    while (partitions.isEmpty() && System.nanoTime() < deadline) {
      partitions = consumer.partitionsFor(topic).stream()
          .map(partition -> new TopicPartition(topic, partition.partition()))
          .toList();
    }
    if (partitions.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " shows no partitions");
    }
    return partitions;
  }

  /**
   * Reads until {@code count} records in all have been read, handing each over as it arrives.
   *
   * @return {@link System#nanoTime()} when the last of them was read
   */
  long readUntil(long count, Duration patience, Consumer<ConsumerRecord<String, byte[]>> each) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (read < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("read " + read + " of " + count + " records within " + patience);
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
        read++;
        each.accept(record);
      }
    }
    return System.nanoTime();
  }

  long readUntil(long count, Duration patience) {
    return readUntil(count, patience, record -> { });
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
