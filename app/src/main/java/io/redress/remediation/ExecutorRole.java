package io.redress.remediation;

import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.exceptions.ExceptionList;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.Topics;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor role: consumes commands, runs each, and writes its result. Start it on its own thread; {@link #close()}
 * from any thread stops it and returns once its Kafka clients are closed.
 *
 * <p>Each command's result and its consumed offset are committed in one transaction, so a result is published
 * exactly once per command in Kafka. The AWS change itself can still be repeated (a crash between the change and the
 * commit replays the command); the actions are idempotent, so a replay reports ALREADY_COMPLIANT.
 */
public final class ExecutorRole implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorRole.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private final KafkaSettings kafka;
  private final RemediationExecutor executor;
  private final Deserializer<RemediationCommand> commands = AvroSerde.of(RemediationCommand.class).deserializer();
  private final Serializer<RemediationResult> results = AvroSerde.of(RemediationResult.class).serializer();
  /** Claimed by whichever comes first, {@link #run()} or {@link #close()}, so the loop runs at most once. */
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  /** Read to its end before each command, so an exception approved while the command waited still stops it. */
  private ExceptionList exceptions;

  public ExecutorRole(KafkaSettings kafka, RedressConfig config, RemediationCatalogue catalogue) {
    this(kafka, new RemediationExecutor(config.aws(), catalogue));
  }

  /**
   * @param kafka its bootstrap servers must be set; when Redress runs its embedded broker, pass that broker's address
   * @param executor closed with the role
   */
  public ExecutorRole(KafkaSettings kafka, RemediationExecutor executor) {
    kafka.clientConfig(); // fails here, naming kafka.bootstrap-servers, rather than on the role's thread
    this.kafka = kafka;
    this.executor = executor;
  }

  @Override
  public void run() {
    if (!claimed.compareAndSet(false, true)) {
      return;
    }
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties());
        ExceptionList exceptions = new ExceptionList(kafka)) {
      this.exceptions = exceptions;
      this.consumer = consumer;
      if (closing) {
        return;
      }
      producer.initTransactions();
      consumer.subscribe(List.of(Topics.REMEDIATIONS));
      while (!closing) {
        processBatch(consumer.poll(POLL), consumer, producer);
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } finally {
      executor.close();
      finished.countDown();
    }
  }

  /**
   * Stops at the first aborted transaction, or at close, rewinding every partition of the batch to its first
   * unprocessed record so that nothing polled is skipped.
   */
  private void processBatch(ConsumerRecords<byte[], byte[]> batch, KafkaConsumer<byte[], byte[]> consumer,
      KafkaProducer<byte[], byte[]> producer) {
    Iterator<TopicPartition> partitions = batch.partitions().iterator();
    while (partitions.hasNext()) {
      TopicPartition partition = partitions.next();
      for (ConsumerRecord<byte[], byte[]> record : batch.records(partition)) {
        if (closing || !process(record, consumer, producer)) {
          consumer.seek(partition, record.offset());
          partitions.forEachRemaining(rest -> consumer.seek(rest, batch.records(rest).get(0).offset()));
          return;
        }
      }
    }
  }

  /** @return false when the transaction was aborted, leaving the record unconsumed */
  private boolean process(ConsumerRecord<byte[], byte[]> record, KafkaConsumer<byte[], byte[]> consumer,
      KafkaProducer<byte[], byte[]> producer) {
    Optional<RemediationCommand> command = decode(record);
    // Execute before the transaction opens: an AWS call can take seconds, and an open transaction holds back every
    // read_committed reader of the results topic.
    Optional<RemediationResult> result = command.map(c -> executor.execute(c, exceptions));
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    try {
      producer.beginTransaction();
      result.ifPresent(r -> producer.send(
          new ProducerRecord<>(Topics.REMEDIATION_RESULTS, record.key(), results.serialize(Topics.REMEDIATION_RESULTS, r))));
      // The offset rides in the same transaction, so a result is never published without its command being
      // consumed, nor a command consumed without its result; an undecodable record is committed past alone.
      producer.sendOffsetsToTransaction(
          Map.of(partition, new OffsetAndMetadata(record.offset() + 1)), consumer.groupMetadata());
      producer.commitTransaction();
      result.ifPresent(r -> LOG.info("command {}: {} {} on {}", r.getCommandId(), r.getStatus(), r.getAction(),
          r.getResource().getId()));
      return true;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("transaction for {}-{}@{} aborted; the command will be retried", record.topic(), record.partition(),
          record.offset(), e);
      producer.abortTransaction();
      return false;
    }
  }

  private Optional<RemediationCommand> decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      Optional<RemediationCommand> command = Optional.ofNullable(commands.deserialize(record.topic(), record.value()));
      if (command.isEmpty()) {
        LOG.warn("skipping empty record at {}-{}@{}", record.topic(), record.partition(), record.offset());
      }
      return command;
    } catch (SerializationException e) {
      LOG.warn("skipping undecodable command at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return Optional.empty();
    }
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> properties = kafka.clientConfig();
    properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Each record may wait on AWS for seconds; a small batch keeps the loop well inside max.poll.interval.ms.
    properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.applicationId() + "-executor");
    // Commands come from the transactional Streams topology: never act on one from an aborted transaction.
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return properties;
  }

  private Map<String, Object> producerProperties() {
    Map<String, Object> properties = kafka.clientConfig();
    // Zombie executors are fenced through the consumer group generation passed with sendOffsetsToTransaction
    // (KIP-447), so the transactional id only has to be unique per running instance.
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.applicationId() + "-executor-" + UUID.randomUUID());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return properties;
  }

  /** Stops the loop, waiting for the current command to finish and the clients to close. */
  @Override
  public void close() {
    closing = true;
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (claimed.compareAndSet(false, true)) {
      executor.close();
      return;
    }
    try {
      if (!finished.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("executor did not stop within {}", CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
