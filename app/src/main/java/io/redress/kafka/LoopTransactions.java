package io.redress.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactions of a {@link RecordLoop}: a poll's outputs and the offsets past its records commit together.
 * Every wait on Kafka is bounded by {@link RecordLoop#KAFKA_WAIT} (the producer's max.block.ms) and a wait that
 * runs out, or is merely slow, says so in the log: a loop never sits silent on a broker that went away.
 */
final class LoopTransactions {

  private static final Logger log = LoggerFactory.getLogger(LoopTransactions.class);
  /** A commit or abort slower than this is worth a log line. */
  private static final Duration SLOW = Duration.ofSeconds(2);

  private final String stage;
  private final Producer<byte[], byte[]> producer;
  private final BooleanSupplier closing;

  LoopTransactions(String stage, Producer<byte[], byte[]> producer, BooleanSupplier closing) {
    this.stage = stage;
    this.producer = producer;
    this.closing = closing;
  }

  /** Retried while Kafka does not answer (a broker restarting, the transaction log loading): timeouts pass. */
  void init() {
    for (int attempt = 1; !closing.getAsBoolean(); attempt++) {
      try {
        producer.initTransactions();
        return;
      } catch (TimeoutException e) {
        log.warn("{}: waited {} s on Kafka to start transactions (attempt {}), trying again: {}", stage,
            RecordLoop.KAFKA_WAIT.toSeconds(), attempt, DeadLetters.reason(e));
      }
    }
  }

  /** @return false when the broker refused the transaction and it was aborted */
  boolean commit(List<ProducerRecord<byte[], byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> consumed,
      ConsumerGroupMetadata group) {
    long begin = System.nanoTime();
    try {
      producer.beginTransaction();
      outputs.forEach(producer::send);
      producer.sendOffsetsToTransaction(consumed, group);
      patiently("commit", producer::commitTransaction);
      logIfSlow("commit", begin, outputs.size());
      return true;
    } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
        | AuthorizationException | UnsupportedVersionException e) {
      throw e; // this instance can no longer write; a fresh one must take over
    } catch (KafkaException e) {
      if (closing.getAsBoolean()) {
        throw e;
      }
      // Also where offsets that Kafka did not take within the wait end up: a group coordinator back from a restart
      // may hold them until this consumer rejoins, which it only does in the poll that follows the abort.
      log.warn("{} transaction aborted after {} ms; the records of this poll will be handled again: {}", stage,
          Duration.ofNanos(System.nanoTime() - begin).toMillis(), DeadLetters.reason(e));
      long abortBegin = System.nanoTime();
      patiently("abort", producer::abortTransaction);
      logIfSlow("abort", abortBegin, 0);
      return false;
    }
  }

  /**
   * Ends a transaction however long Kafka takes (a broker restarting, a coordinator moving), one bounded and logged
   * wait at a time. A commit or abort that timed out may still complete, so it is called again and never replaced
   * by the other (the producer refuses that); only closing the loop ends the waiting.
   */
  private void patiently(String what, Runnable step) {
    for (int wait = 1; ; wait++) {
      try {
        step.run();
        return;
      } catch (TimeoutException e) {
        if (closing.getAsBoolean()) {
          throw e;
        }
        log.warn("{}: waited {} s on Kafka to {} a transaction ({} waits so far), waiting again: {}", stage,
            RecordLoop.KAFKA_WAIT.toSeconds(), what, wait, DeadLetters.reason(e));
      }
    }
  }

  private void logIfSlow(String what, long beginNanos, int records) {
    Duration took = Duration.ofNanos(System.nanoTime() - beginNanos);
    if (took.compareTo(SLOW) > 0) {
      log.info("{}: waited {} ms on Kafka to {} a transaction of {} records", stage, took.toMillis(), what, records);
    }
  }
}
