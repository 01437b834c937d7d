package io.redress.chain;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.kafka.RecordLoop;
import io.redress.kafka.RecordLoop.TransientFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the hash of the last committed record of a partition: where a chain continues after a restart, a moved
 * partition or an aborted transaction.
 *
 * <p>Two Kafka subtleties. A transaction's commit returns before the broker has written its markers, and a partition
 * that just moved here may still carry the previous owner's transaction in flight; until they settle, what is
 * committed ends earlier than it will, and a chain continued from there would fork. So it waits until the partition
 * has no open transaction (its last stable offset equals its end). And markers and aborted records take offsets
 * too, so the last committed record may lie further back than one offset before the end: it looks back in growing
 * steps until it finds one or reaches the partition's start.
 *
 * <p>It runs on the record loop's thread, so each call on Kafka waits at most {@link RecordLoop#KAFKA_WAIT}, not the
 * clients' minute, and {@link #PATIENCE} is checked between calls.
 */
final class PartitionTail implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PartitionTail.class);
  /** Longer than a producer's default transaction timeout (one minute), after which the broker aborts it. */
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration PAUSE = Duration.ofMillis(50);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final Duration patience;
  private final Admin admin;
  private final KafkaConsumer<byte[], byte[]> consumer;

  PartitionTail(KafkaSettings kafka, String topic) {
    this(kafka, topic, PATIENCE);
  }

  PartitionTail(KafkaSettings kafka, String topic, Duration patience) {
    this.topic = topic;
    this.patience = patience;
    Map<String, Object> properties = kafka.clientConfig();
    this.admin = Admin.create(Map.copyOf(properties));
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** @return the last committed record's hash; empty when there is none, or it was written before the chain */
  Optional<String> lastHash(int partition) {
    TopicPartition where = new TopicPartition(topic, partition);
    long deadline = System.nanoTime() + patience.toNanos();
    long end = settledEnd(where, deadline);
    long start = offset(where, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED);
    for (long back = 1; ; back *= 16) {
      long from = Math.max(start, end - back);
      Optional<byte[]> last = lastValue(where, from, end, deadline);
      if (last.isPresent()) {
        return hashOf(where, last.get());
      }
      if (from == start) {
        return Optional.empty();
      }
    }
  }

  private long settledEnd(TopicPartition where, long deadline) {
    while (true) {
      long stable = offset(where, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
      if (stable == offset(where, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED)) {
        return stable;
      }
      if (System.nanoTime() > deadline) {
        throw new TransientFailure(where + " still has a transaction open after " + patience.toSeconds()
            + " s (" + openTransactions(where) + "); its chain cannot be continued before it ends", null);
      }
      sleep(PAUSE);
    }
  }

  /**
   * Who holds the partition back, for the operator: a transaction left without its markers by a one-node broker's
   * stop stays open for good, and {@code kafka-transactions.sh} finds it by this producer.
   */
  private String openTransactions(TopicPartition where) {
    try {
      List<String> open = admin.describeProducers(List.of(where)).partitionResult(where)
          .get(RecordLoop.KAFKA_WAIT.toMillis(), TimeUnit.MILLISECONDS).activeProducers().stream()
          .filter(producer -> producer.currentTransactionStartOffset().isPresent())
          .map(producer -> "producer " + producer.producerId() + " epoch " + producer.producerEpoch()
              + " from offset " + producer.currentTransactionStartOffset().getAsLong() + ", last write "
              + Instant.ofEpochMilli(producer.lastTimestamp()))
          .toList();
      return open.isEmpty() ? "none open now" : String.join("; ", open);
    } catch (ExecutionException | TimeoutException e) {
      return "its producers could not be described: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while describing its producers";
    }
  }

  private Optional<byte[]> lastValue(TopicPartition where, long from, long end, long deadline) {
    consumer.assign(List.of(where));
    consumer.seek(where, from);
    byte[] last = null;
    while (consumer.position(where, RecordLoop.KAFKA_WAIT) < end) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        if (record.offset() < end) {
          last = record.value();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TransientFailure("could not read " + where + " up to offset " + end + " within "
            + patience.toSeconds() + " s", null);
      }
    }
    consumer.assign(List.of());
    return Optional.ofNullable(last);
  }

  /** A record that is no result starts a new chain rather than stopping the executor; verify reports it. */
  private static Optional<String> hashOf(TopicPartition where, byte[] value) {
    try {
      return Optional.ofNullable(HashChain.read(value).hash());
    } catch (IllegalArgumentException e) {
      log.warn("the last record of {} is not a readable result ({}); its chain starts again", where, e.getMessage());
      return Optional.empty();
    }
  }

  private long offset(TopicPartition where, OffsetSpec spec, IsolationLevel isolation) {
    try {
      ListOffsetsOptions options = new ListOffsetsOptions(isolation).timeoutMs((int) RecordLoop.KAFKA_WAIT.toMillis());
      return admin.listOffsets(Map.of(where, spec), options).partitionResult(where).get().offset();
    } catch (ExecutionException e) {
      throw new TransientFailure("could not read the offsets of " + where, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while reading the offsets of " + where, e);
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while waiting for a transaction to end", e);
    }
  }

  @Override
  public void close() {
    try {
      consumer.close();
    } finally {
      admin.close();
    }
  }
}
