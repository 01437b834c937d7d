package io.redress.audit;

import io.redress.kafka.KafkaSetupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads recorded topics once, from a point in time to what was committed when it started, and stops.
 *
 * <p>It reads as an auditor must: it assigns itself every partition and joins no consumer group, so it moves no
 * role's offsets and takes no partition from a running executor (a replay can never cause work to be done again);
 * it reads only committed transactions ({@code read_committed}), so an aborted decision or command is never
 * reported; and it stops at the end it saw when it started, so a replay of a live deployment ends. Each partition is
 * read in offset order, which is what a check of a per-partition hash chain needs.
 */
public final class AuditReader implements AutoCloseable {

  /** How a long replay reports how far it is. */
  @FunctionalInterface
  public interface Progress {
    void read(long records, long total);
  }

  /** A topic and the records of it to read. */
  public record Selection(String topic, TimeRange range) {
  }

  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String servers;

  public AuditReader(Properties clientProperties) {
    this.servers = clientProperties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "redress-audit");
    this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Hands every selected record to {@code sink}, each partition in offset order, then returns. */
  public void read(List<Selection> selections, Consumer<AuditRecord> sink, Progress progress) {
    Map<TopicPartition, TimeRange> ranges = new HashMap<>();
    for (Selection selection : selections) {
      for (PartitionInfo info : partitionsOf(selection.topic())) {
        ranges.put(new TopicPartition(info.topic(), info.partition()), selection.range());
      }
    }
    Map<TopicPartition, Long> starts = startOffsets(ranges);
    // Under read_committed these are the last stable offsets: nothing after them is committed yet. The end of a
    // range does not cut the read short: a decision is stamped with its finding's time, and one decided late (the
    // topology catching up after an outage) lies after records stamped later, so every record up to here is read
    // and those stamped outside the range are left out.
    Map<TopicPartition, Long> ends = ask(() -> consumer.endOffsets(ranges.keySet()));
    Map<TopicPartition, Long> remaining = new HashMap<>();
    long total = 0;
    for (TopicPartition partition : ranges.keySet()) {
      long start = starts.get(partition);
      long end = ends.get(partition);
      if (start < end) {
        remaining.put(partition, end);
        total += end - start;
      }
    }
    consumer.assign(remaining.keySet());
    remaining.keySet().forEach(partition -> consumer.seek(partition, starts.get(partition)));
    progress.read(0, total);
    while (!remaining.isEmpty()) {
      for (ConsumerRecord<String, byte[]> record : ask(() -> consumer.poll(POLL))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Long end = remaining.get(partition);
        if (end != null && record.offset() < end && ranges.get(partition).contains(record.timestamp())) {
          sink.accept(new AuditRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
              record.key(), record.value()));
        }
      }
      finishPartitionsAtTheirEnd(remaining);
      progress.read(total - left(remaining), total);
    }
    consumer.assign(List.of());
  }

  /** Each partition's first offset still stored: records before it went by retention or were deleted. */
  public Map<Integer, Long> logStarts(String topic) {
    List<TopicPartition> partitions = partitionsOf(topic).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
    Map<Integer, Long> starts = new HashMap<>();
    ask(() -> consumer.beginningOffsets(partitions)).forEach((partition, offset) -> starts.put(partition.partition(), offset));
    return starts;
  }

  private List<PartitionInfo> partitionsOf(String topic) {
    List<PartitionInfo> partitions = ask(() -> consumer.partitionsFor(topic));
    if (partitions == null || partitions.isEmpty()) {
      throw new KafkaSetupException("topic " + topic + " does not exist on this cluster");
    }
    return partitions;
  }

  /** Offsets still to read: transaction markers take offsets too, so progress is counted in offsets. */
  private long left(Map<TopicPartition, Long> remaining) {
    long left = 0;
    for (Map.Entry<TopicPartition, Long> partition : remaining.entrySet()) {
      left += Math.max(0, partition.getValue() - consumer.position(partition.getKey()));
    }
    return left;
  }

  /** Transaction markers and aborted records take offsets too, so the position, not the last record, says done. */
  private void finishPartitionsAtTheirEnd(Map<TopicPartition, Long> remaining) {
    List<TopicPartition> done = new ArrayList<>();
    remaining.forEach((partition, end) -> {
      if (consumer.position(partition) >= end) {
        done.add(partition);
      }
    });
    done.forEach(remaining::remove);
    if (!done.isEmpty()) {
      consumer.pause(done);
    }
  }

  /**
   * Where each partition's range starts: the offset {@code offsetsForTimes} gives for its start, the first record
   * stamped at or after it. That is safe even where timestamps are out of order, since the broker's time index
   * tracks the largest timestamp so far: no record before that offset is stamped as late. Where no record is that
   * late, the end; where the range has no start, the beginning.
   */
  private Map<TopicPartition, Long> startOffsets(Map<TopicPartition, TimeRange> ranges) {
    Map<TopicPartition, Long> query = new HashMap<>();
    ranges.forEach((partition, range) -> range.from().ifPresent(time -> query.put(partition, time.toEpochMilli())));
    Map<TopicPartition, Long> offsets = new HashMap<>(ask(() -> consumer.beginningOffsets(ranges.keySet())));
    if (!query.isEmpty()) {
      Map<TopicPartition, OffsetAndTimestamp> found = ask(() -> consumer.offsetsForTimes(query));
      Map<TopicPartition, Long> ends = ask(() -> consumer.endOffsets(query.keySet()));
      query.keySet().forEach(partition -> {
        OffsetAndTimestamp at = found.get(partition);
        offsets.put(partition, at == null ? ends.get(partition) : at.offset());
      });
    }
    return offsets;
  }

  /**
   * A request to the cluster. Kafka gives up on an unreachable or refusing cluster with a {@link KafkaException}
   * (a timeout waiting for metadata, a denied topic): the replay could not be made, which a person is told in one
   * line. Only the consumer's calls go through here, so a failure of what the records are handed to is not taken
   * for Kafka's.
   */
  private <T> T ask(Supplier<T> request) {
    try {
      return request.get();
    } catch (KafkaException e) {
      throw new KafkaSetupException("Cannot use Kafka at " + servers + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
