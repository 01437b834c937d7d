package io.redress.kafka;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.kafka.DeadLetters.Origin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one policy for every topic Redress consumes outside the topology (the executor's commands, the notifier's
 * notifications): each record is decoded, handled, and either produces its outputs or goes to the dead-letter
 * topic with the reason; it is never skipped.
 * <ul>
 *   <li>A record that cannot be decoded, or whose handling fails for good, is dead-lettered with this loop's stage.</li>
 *   <li>A {@link TransientFailure} is retried with growing pauses; when the attempts run out, it is dead-lettered.</li>
 *   <li>The outputs and dead letters of a poll and the offsets past its records commit in one transaction, so a
 *       crash never publishes an output twice nor consumes a record without its output. Work outside Kafka (an AWS
 *       change, an email) happens before the transaction and can repeat after a crash: handlers must be idempotent.</li>
 *   <li>A transaction the broker refuses is aborted and the poll's records are handled again after a pause.</li>
 *   <li>A failure this loop cannot recover from (fenced by a newer instance, not authorized) ends {@link #run()} with
 *       the exception, for the role's supervisor to see.</li>
 * </ul>
 * {@link #close()} from any thread stops the loop after the record in hand and returns once its clients are closed.
 */
public final class RecordLoop<T> implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RecordLoop.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration AFTER_ABORT = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** What a record's handling produced: records to write in the transaction that consumes it. */
  @FunctionalInterface
  public interface Handler<T> {
    /**
     * @throws TransientFailure when trying again later may succeed
     * @throws RuntimeException when this record can never be handled; it is dead-lettered
     */
    List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, T value);
  }

  /** A failure that may pass (a mail server down, a throttled API): the record is tried again. */
  public static final class TransientFailure extends RuntimeException {
    public TransientFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** How often and how patiently a transient failure is retried: each pause doubles the one before. */
  public record Retry(int attempts, Duration firstPause) {
    public static final Retry DEFAULT = new Retry(4, Duration.ofMillis(500));

    public Retry {
      if (attempts < 1 || firstPause.isNegative()) {
        throw new IllegalArgumentException("at least one attempt and a pause of zero or more, got " + attempts
            + " and " + firstPause);
      }
    }

    Duration pauseAfter(int attempt) {
      return firstPause.multipliedBy(1L << Math.min(attempt - 1, 10));
    }
  }

  private final String stage;
  private final String topic;
  private final Deserializer<T> decoder;
  private final Handler<T> handler;
  private final Retry retry;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final Runnable releaseHandler;
  private final Runnable forgetOutputs;
  /** Claimed by whichever comes first, {@link #run()} or {@link #close()}, so the loop runs at most once. */
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile Thread looping;

  /**
   * @param stage names this loop's step on its dead letters, e.g. {@code execute}
   * @param releaseHandler closes what the handler holds, once the loop is done with it
   */
  public RecordLoop(String stage, String topic, Deserializer<T> decoder, Handler<T> handler, Retry retry,
      Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, Runnable releaseHandler) {
    this(stage, topic, decoder, handler, retry, consumer, producer, releaseHandler, () -> { });
  }

  /**
   * @param forgetOutputs run when what the handler produced so far may not be what the output topics hold: a
   *     transaction was aborted, or partitions moved to or from this loop. A handler that remembers what it wrote
   *     (the head of a hash chain) forgets it then, and reads it back from the topic.
   */
  public RecordLoop(String stage, String topic, Deserializer<T> decoder, Handler<T> handler, Retry retry,
      Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, Runnable releaseHandler,
      Runnable forgetOutputs) {
    this.forgetOutputs = forgetOutputs;
    this.stage = stage;
    this.topic = topic;
    this.decoder = decoder;
    this.handler = handler;
    this.retry = retry;
    this.consumer = consumer;
    this.producer = producer;
    this.releaseHandler = releaseHandler;
  }

  /**
   * Settings of the loop's consumer: its own group, committed records only (inputs come from exactly-once
   * transactions, and an aborted transaction's records must never be acted on), offsets committed by the loop.
   *
   * @param instanceId a static member id ({@link GroupMembership}), so a restarted instance resumes at once
   */
  public static Consumer<byte[], byte[]> consumer(KafkaSettings kafka, String group, int maxPollRecords,
      Optional<String> instanceId) {
    Map<String, Object> properties = kafka.clientConfig();
    instanceId.ifPresent(id -> properties.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * A transactional producer. Zombie instances are fenced through the consumer group generation passed with
   * {@code sendOffsetsToTransaction} (KIP-447), so the transactional id only has to be unique per running instance.
   */
  public static Producer<byte[], byte[]> producer(KafkaSettings kafka, String group) {
    Map<String, Object> properties = kafka.clientConfig();
    properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-" + UUID.randomUUID());
    return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void run() {
    if (!claimed.compareAndSet(false, true)) {
      throw new IllegalStateException("this " + stage + " loop has already run or been closed");
    }
    looping = Thread.currentThread();
    try {
      if (closing) {
        return;
      }
      producer.initTransactions();
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          forgetOutputs.run();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          forgetOutputs.run();
        }
      });
      while (!closing) {
        handleBatch(consumer.poll(POLL));
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } finally {
      release();
      finished.countDown();
    }
  }

  private void handleBatch(ConsumerRecords<byte[], byte[]> batch) {
    Map<TopicPartition, OffsetAndMetadata> consumed = new LinkedHashMap<>();
    List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      Optional<List<ProducerRecord<byte[], byte[]>>> handled = closing ? Optional.empty() : handle(record);
      if (handled.isEmpty()) {
        break; // closing: what was handled commits; the rest stays for the next owner of the partition
      }
      outputs.addAll(handled.get());
      consumed.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
    }
    if (!consumed.isEmpty() && !commit(outputs, consumed)) {
      rewind(batch);
      pause(AFTER_ABORT);
    }
  }

  /** @return the record's outputs (its dead letter, if it cannot be handled), or empty when the loop is closing */
  private Optional<List<ProducerRecord<byte[], byte[]>>> handle(ConsumerRecord<byte[], byte[]> record) {
    T value;
    try {
      value = decoder.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      return Optional.of(deadLetter(record, "cannot decode: " + DeadLetters.reason(e)));
    }
    if (value == null) {
      return Optional.of(deadLetter(record, "empty record: a null value carries nothing to " + stage));
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return Optional.of(handler.handle(record, value));
      } catch (TransientFailure e) {
        if (attempt >= retry.attempts()) {
          return Optional.of(deadLetter(record, "gave up after " + attempt + " attempts: " + DeadLetters.reason(e)));
        }
        log.warn("{} of {} failed (attempt {} of {}), retrying: {}", stage, where(record), attempt, retry.attempts(),
            DeadLetters.reason(e));
        if (!pause(retry.pauseAfter(attempt))) {
          return Optional.empty();
        }
      } catch (InterruptException | WakeupException e) {
        throw e; // not the record's fault: the loop is being stopped
      } catch (RuntimeException e) {
        log.warn("{} of {} failed for good; dead-lettering it", stage, where(record), e);
        return Optional.of(deadLetter(record, DeadLetters.reason(e)));
      }
    }
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    log.warn("dead-lettering {} at stage {}: {}", where(record), stage, reason);
    Origin origin = new Origin(record.topic(), record.partition(), record.offset(), record.key(), record.timestamp());
    return List.of(DeadLetters.record(origin, record.value(), stage, reason));
  }

  /** @return false when the broker refused the transaction and it was aborted */
  private boolean commit(List<ProducerRecord<byte[], byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> consumed) {
    try {
      producer.beginTransaction();
      outputs.forEach(producer::send);
      producer.sendOffsetsToTransaction(consumed, consumer.groupMetadata());
      producer.commitTransaction();
      return true;
    } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
        | AuthorizationException | UnsupportedVersionException e) {
      throw e; // this instance can no longer write; a fresh one must take over
    } catch (KafkaException e) {
      log.warn("{} transaction aborted; the records of this poll will be handled again: {}", stage,
          DeadLetters.reason(e));
      producer.abortTransaction();
      forgetOutputs.run();
      return false;
    }
  }

  private void rewind(ConsumerRecords<byte[], byte[]> batch) {
    for (TopicPartition partition : batch.partitions()) {
      consumer.seek(partition, batch.records(partition).get(0).offset());
    }
  }

  /** @return false when the loop started closing during the pause */
  private boolean pause(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    while (!closing && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
    }
    return !closing;
  }

  private static String where(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private void release() {
    try {
      consumer.close();
    } finally {
      try {
        producer.close();
      } finally {
        releaseHandler.run();
      }
    }
  }

  /** Stops the loop after the record in hand; safe from any thread, and before {@link #run()} was ever called. */
  @Override
  public void close() {
    closing = true;
    if (finished.getCount() == 0) {
      return;
    }
    if (claimed.compareAndSet(false, true)) {
      release();
      finished.countDown();
      return;
    }
    consumer.wakeup();
    if (Thread.currentThread() == looping) {
      return; // called from the loop itself (a handler, a poll callback): it ends when control returns to it
    }
    try {
      if (!finished.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("the {} loop did not stop within {}", stage, CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
