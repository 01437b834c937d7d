package io.redress.connectors.sqs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Receives messages from the queue and hands each body to Kafka Connect as one record, unchanged.
 *
 * <p>Delivery is at least once. A message is deleted from SQS only after Kafka acknowledged its record
 * ({@link #commitRecord(SourceRecord, RecordMetadata)} with metadata): a worker that dies before that leaves the
 * message in the queue, and SQS delivers it again once its visibility timeout ends. The duplicate record that can
 * follow carries the same finding, which the topology's cool-down decides as DUPLICATE.
 *
 * <p>A message whose record would be larger than {@code record.max.bytes} is neither written nor deleted: Kafka
 * would refuse the record and fail the task, and the message, coming back after every restart, would stop the
 * ingestion. It is logged with its id and left for SQS to deliver again until the queue's redrive policy sets it
 * aside in the dead-letter queue.
 *
 * <p>SQS failures never end the task: each is logged with the queue and the pause before the next attempt, and
 * polling goes on with pauses from one second doubling up to {@code sqs.error.backoff.max.ms}.
 */
public final class SqsSourceTask extends SourceTask {

  private static final Logger log = LoggerFactory.getLogger(SqsSourceTask.class);

  /** The source partition of every record: the queue. Connect stores offsets per partition; SQS keeps the state. */
  static final String PARTITION_QUEUE = "queue";
  /** The source offset: the message id, for tracing only, as redelivery is SQS's, not Connect's. */
  static final String OFFSET_MESSAGE_ID = "message-id";
  /**
   * While records of an earlier batch await Kafka's acknowledgement, a receive waits at most this long, so their
   * deletion is not held up by a long poll of an idle queue.
   */
  static final int WAIT_SECONDS_WHILE_IN_FLIGHT = 1;

  private final Function<SqsSourceConfig, SqsClient> clients;
  private final Pause pause;
  /**
   * Receipt handles by record, from the receive until Kafka acknowledges the record. Keyed by the record itself, not
   * its message id: SQS delivers a message again once its visibility timeout ends, even while the first delivery's
   * record awaits Kafka, and each delivery has its own handle and its own outcome.
   */
  private final Map<SourceRecord, String> inFlight = Collections.synchronizedMap(new IdentityHashMap<>());
  private SqsSourceConfig config;
  private SqsClient sqs;
  private Deletions deletions;
  private Backoff backoff;
  private Map<String, String> sourcePartition;
  private volatile boolean stopping;

  /** What Connect instantiates. */
  public SqsSourceTask() {
    this(SqsClients::create, new Pause.UntilStopped());
  }

  SqsSourceTask(Function<SqsSourceConfig, SqsClient> clients, Pause pause) {
    this.clients = clients;
    this.pause = pause;
  }

  @Override
  public String version() {
    return SqsSourceConnector.VERSION;
  }

  @Override
  public void start(Map<String, String> properties) {
    config = new SqsSourceConfig(properties);
    sqs = clients.apply(config);
    deletions = new Deletions(sqs, config.queueUrl());
    backoff = new Backoff(config.errorBackoffMax());
    sourcePartition = Map.of(PARTITION_QUEUE, config.queueUrl());
    log.info("Reading {} into topic {} (batches of up to {}, waiting up to {} s, visibility timeout {} s)",
        config.queueUrl(), config.topic(), config.maxMessages(), config.waitTimeSeconds(),
        config.visibilityTimeoutSeconds());
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    try {
      deletions.deleteAcknowledged();
      List<Message> messages = receive();
      backoff.succeeded();
      List<SourceRecord> records = new ArrayList<>(messages.size());
      messages.forEach(message -> toRecord(message).ifPresent(records::add));
      return records.isEmpty() ? null : records;
    } catch (SdkException e) {
      if (stopping) {
        return null;
      }
      Duration wait = backoff.failed();
      log.warn("SQS call for {} failed ({} in a row); trying again in {} ms: {}",
          config.queueUrl(), backoff.failures(), wait.toMillis(), e.toString());
      pause.await(wait);
      return null;
    }
  }

  private List<Message> receive() {
    int waitSeconds = inFlight.isEmpty()
        ? config.waitTimeSeconds()
        : Math.min(config.waitTimeSeconds(), WAIT_SECONDS_WHILE_IN_FLIGHT);
    return sqs.receiveMessage(request -> request
        .queueUrl(config.queueUrl())
        .maxNumberOfMessages(config.maxMessages())
        .waitTimeSeconds(waitSeconds)
        .visibilityTimeout(config.visibilityTimeoutSeconds())).messages();
  }

  private Optional<SourceRecord> toRecord(Message message) {
    String body = message.body() == null ? "" : message.body();
    byte[] value = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = EventHeaders.of(body);
    long size = utf8Length(message.messageId()) + value.length;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      size += utf8Length(header.getKey()) + utf8Length(header.getValue());
    }
    if (size > config.recordMaxBytes()) {
      log.warn("Message {} of {} would make a record of {} bytes, over {} ({}): neither written nor deleted, it comes"
          + " back after its visibility timeout until the queue's redrive policy sets it aside",
          message.messageId(), config.queueUrl(), size, SqsSourceConfig.RECORD_MAX_BYTES, config.recordMaxBytes());
      return Optional.empty();
    }
    SourceRecord record = new SourceRecord(sourcePartition, Map.of(OFFSET_MESSAGE_ID, message.messageId()),
        config.topic(), null,
        Schema.STRING_SCHEMA, message.messageId(),
        Schema.BYTES_SCHEMA, value);
    headers.forEach(record.headers()::addString);
    inFlight.put(record, message.receiptHandle());
    return Optional.of(record);
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Called on the producer's callback thread, so it only queues the deletion; {@link #poll()} performs it. A null
   * metadata means the record was not written (a transformation dropped it, or the send failed under
   * {@code errors.tolerance=all}): the message is then left for SQS to deliver again, never deleted unwritten.
   * Connect hands back the very record {@link #poll()} returned, before any transformation, so the outcome acts on
   * that record's delivery alone.
   */
  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    String receiptHandle = inFlight.remove(record);
    if (metadata != null && receiptHandle != null) {
      deletions.acknowledged(receiptHandle);
    }
  }

  /** Deletes what Kafka has acknowledged so far; anything later is delivered again by SQS, as after a crash. */
  @Override
  public void stop() {
    stopping = true;
    pause.stop();
    if (sqs != null) {
      try {
        deletions.deleteAcknowledged();
      } catch (SdkException e) {
        log.warn("Could not delete acknowledged messages of {} while stopping; SQS will deliver them again: {}",
            config.queueUrl(), e.toString());
      } finally {
        sqs.close();
      }
    }
  }
}
