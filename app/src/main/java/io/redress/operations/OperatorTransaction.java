package io.redress.operations;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.kafka.KafkaSetupException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The writes of one operation a person runs (a release, a sync of exceptions), committed together or not at all.
 *
 * <p>Every run of the same operation uses the same transactional id. Opening one therefore fences any other run
 * still open and aborts what it had not committed; a run must open its transaction <em>before</em> it reads the
 * state it decides on, so that what it reads (read_committed) already includes everything an earlier run
 * committed, and a run that is fenced while deciding writes nothing.
 */
public final class OperatorTransaction implements AutoCloseable {

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(15);

  private final KafkaSettings kafka;
  private final KafkaProducer<String, byte[]> producer;
  private final String operation;
  private final List<Future<RecordMetadata>> sent = new ArrayList<>();
  /** A transaction is open on the broker, or may be: neither committed nor aborted yet. */
  private boolean begun;
  private boolean failed;
  private boolean fenced;

  private OperatorTransaction(KafkaSettings kafka, KafkaProducer<String, byte[]> producer, String operation) {
    this.kafka = kafka;
    this.producer = producer;
    this.operation = operation;
  }

  /** @param operation names the transactional id (prefixed with the application id) and the error messages */
  public static OperatorTransaction open(KafkaSettings kafka, String operation) {
    return open(kafka, operation, Map.of());
  }

  /** @param overrides producer settings the operation's records need, such as room for a large raw finding */
  public static OperatorTransaction open(KafkaSettings kafka, String operation, Map<String, Object> overrides) {
    Map<String, Object> properties = kafka.producerConfig();
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.applicationId() + "-" + operation);
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    properties.putAll(overrides);
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw new KafkaSetupException("Could not start the " + operation + " on " + kafka.bootstrapServers().orElse("?")
          + ": " + e.getMessage(), e);
    }
    return new OperatorTransaction(kafka, producer, operation);
  }

  /** @param value null writes a tombstone */
  public void send(String topic, String key, byte[] value) {
    send(new ProducerRecord<>(topic, key, value));
  }

  /**
   * Sends {@code records} and waits until Kafka has appended each, uncommitted: where each was written is known
   * before the commit, so a later record of the same transaction can name it.
   */
  public List<RecordMetadata> sendAll(List<ProducerRecord<String, byte[]>> records) {
    List<Future<RecordMetadata>> futures = records.stream().map(this::send).toList();
    List<RecordMetadata> written = new ArrayList<>();
    try {
      for (Future<RecordMetadata> future : futures) {
        written.add(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed = true;
      throw new KafkaSetupException("Interrupted before the " + operation + " was committed, so nothing of it was"
          + " written", e);
    } catch (ExecutionException e) {
      throw failure(e.getCause() instanceof KafkaException kafkaCause ? kafkaCause : new KafkaException(e.getCause()));
    }
    return written;
  }

  private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
    try {
      if (!begun) {
        producer.beginTransaction();
        begun = true;
      }
      Future<RecordMetadata> future = producer.send(record);
      sent.add(future);
      return future;
    } catch (KafkaException e) {
      throw failure(e);
    }
  }

  /** Commits what was sent; nothing to commit is fine. */
  public void commit() {
    if (!begun) {
      return;
    }
    try {
      producer.commitTransaction();
      begun = false;
    } catch (TimeoutException e) {
      // The commit request may have reached the coordinator, which then completes it whether or not we hear back:
      // an abort now must not race it.
      begun = false;
      failed = true;
      throw new KafkaSetupException("Kafka did not confirm the " + operation + "'s commit in time, so it may or may"
          + " not have been written: look before acting on it, or run it again (a run repeats nothing an earlier one"
          + " wrote): " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw failure(e);
    }
    awaitVisible();
  }

  /**
   * A commit returns once the transaction coordinator has decided it; the markers that make the records readable
   * under read_committed reach each partition a moment later. Waiting for them means the person's next command
   * (a list right after an add) sees what this one did.
   */
  private void awaitVisible() {
    Map<TopicPartition, Long> written = new HashMap<>();
    for (Future<RecordMetadata> future : sent) {
      try {
        RecordMetadata metadata = future.get();
        written.merge(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset(), Math::max);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        throw new KafkaSetupException("The " + operation + " was committed but a write failed: " + e.getCause(), e);
      }
    }
    sent.clear();
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      Instant deadline = Instant.now().plus(VISIBLE_WITHIN);
      while (!written.isEmpty() && Instant.now().isBefore(deadline)) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        written.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        var visible = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        written.entrySet().removeIf(entry -> visible.get(entry.getKey()).offset() > entry.getValue());
        if (!written.isEmpty()) {
          Thread.sleep(50);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // Committed all the same; only the wait for it to show was cut short.
    }
  }

  private KafkaSetupException failure(KafkaException e) {
    failed = true;
    fenced = fenced(e);
    if (fenced) {
      return new KafkaSetupException("Another " + operation + " started while this one ran, so nothing of this one"
          + " was written; run it again (what the other one did is not repeated)", e);
    }
    return new KafkaSetupException("The " + operation + " could not be committed, so nothing of it was written: "
        + e.getMessage(), e);
  }

  /**
   * A newer run of the same operation bumped the transactional id's epoch: depending on when, the broker reports it
   * as fenced or as an old epoch, at the send (surfacing at the commit as the cause) or at the commit itself.
   */
  private static boolean fenced(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Aborts a transaction left open, whatever left it so (a failed send or commit, an interruption, the operation's
   * own error between sends): open, it would hold back every read_committed reader of its partitions (the
   * topology's among them) until the coordinator times it out. A fenced one the newer run has aborted already. A
   * failed or fenced producer has nothing left worth sending, so it is not waited for.
   */
  @Override
  public void close() {
    if (begun && !fenced) {
      // An interrupted run aborts too: the wait for the abort's answer would end at once on the interrupt.
      boolean interrupted = Thread.interrupted();
      try {
        producer.abortTransaction();
      } catch (KafkaException e) {
        // The coordinator aborts it at the transaction timeout, or the next run of the operation does.
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    producer.close(failed ? Duration.ZERO : CLOSE_WAIT);
  }
}
