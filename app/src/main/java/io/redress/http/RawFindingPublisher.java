package io.redress.http;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.SourceNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts findings, as received, on {@code redress.findings.raw}, where the topology normalizes them or dead-letters
 * them. Every record carries the source it came from in the {@value SourceNames#HEADER} header and as its key: records
 * of one source stay on one partition, so a finding and its later resolution are read in the order they were sent.
 *
 * <p>A finding counts as received only once every in-sync replica has it ({@code acks=all}); the producer is
 * idempotent, so its own retries never write a finding twice. Each send is bounded by {@code ackTimeout}: after that
 * the producer gives up on the record, so a caller told "not acknowledged" can send it again (a finding stored twice
 * is decided DUPLICATE by the cool-down; a custom-action request, which skips the cool-down, by its event's id).
 */
public final class RawFindingPublisher implements AutoCloseable {

  /** Room for the record's key, headers and batch framing beside the largest finding. */
  private static final int RECORD_OVERHEAD = 64 * 1024;
  private static final int LINGER_MS = 5;

  private final KafkaProducer<String, byte[]> producer;
  private final Duration ackTimeout;
  private final String topic;

  public RawFindingPublisher(KafkaSettings kafka, int maxRecordBytes, Duration ackTimeout) {
    this.ackTimeout = ackTimeout;
    this.topic = kafka.topics().findingsRaw();
    Map<String, Object> properties = kafka.producerConfig();
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    // Waiting for metadata (Kafka unreachable) and waiting for the acknowledgement are each bounded by ackTimeout.
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis());
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (ackTimeout.toMillis() - LINGER_MS));
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes(maxRecordBytes));
    properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "redress-raw-findings");
    this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Sends without waiting; {@code done} hears the outcome. Throws {@link NotAcknowledged} at once when Kafka cannot
   * even be asked (no metadata within the ack timeout).
   */
  public Future<RecordMetadata> send(String source, byte[] json, Callback done) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, source, json);
    record.headers().add(SourceNames.HEADER, source.getBytes(StandardCharsets.UTF_8));
    return send(record, done);
  }

  private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback done) {
    try {
      return producer.send(record, done);
    } catch (KafkaException e) {
      throw NotAcknowledged.because(e);
    }
  }

  /** Sends and returns once Kafka acknowledged the record, or throws {@link NotAcknowledged} within the bound. */
  public RecordMetadata publish(String source, byte[] json) {
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    return acknowledged(send(source, json, null), deadline);
  }

  /** What a producer sending raw findings of up to {@code maxRecordBytes} must allow in one request. */
  public static int maxRequestBytes(int maxRecordBytes) {
    return maxRecordBytes + RECORD_OVERHEAD;
  }

  private RecordMetadata acknowledged(Future<RecordMetadata> sent, long deadline) {
    try {
      // The producer itself fails the send at the deadline; the extra second only covers the callback's delay.
      return sent.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw NotAcknowledged.because(e.getCause());
    } catch (TimeoutException e) {
      throw new NotAcknowledged(false, "Kafka did not acknowledge within " + ackTimeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotAcknowledged(false, "interrupted while waiting for Kafka");
    }
  }

  /** Returns once every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  public Duration ackTimeout() {
    return ackTimeout;
  }

  @Override
  public void close() {
    producer.close(ackTimeout);
  }

  /**
   * Kafka did not take the record: it may be unreachable (send again later) or refuse the record as too large for
   * the topic (sending again will not help).
   */
  public static final class NotAcknowledged extends RuntimeException {
    private final boolean tooLarge;

    NotAcknowledged(boolean tooLarge, String message) {
      super(message);
      this.tooLarge = tooLarge;
    }

    public static NotAcknowledged because(Throwable cause) {
      if (cause instanceof RecordTooLargeException) {
        return new NotAcknowledged(true, "Kafka refused the record as too large: " + cause.getMessage());
      }
      String what = cause instanceof org.apache.kafka.common.errors.TimeoutException
          ? "Kafka did not acknowledge in time" : "Kafka did not acknowledge";
      return new NotAcknowledged(false, what + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
          + ")");
    }

    public boolean tooLarge() {
      return tooLarge;
    }
  }
}
