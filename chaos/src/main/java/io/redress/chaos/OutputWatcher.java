package io.redress.chaos;

import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.kafka.AvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every output topic from its start as an auditor would, with {@code read_committed}: a record of an aborted
 * transaction (a killed instance's unfinished work) was never output and must not count, or a crash would look
 * like a duplicate.
 */
final class OutputWatcher implements AutoCloseable {

  static final List<String> TOPICS = List.of(Topics.UNPREFIXED.decisions(), Topics.UNPREFIXED.deadLetters(), Topics.UNPREFIXED.remediations(),
      Topics.UNPREFIXED.remediationsHeld(), Topics.UNPREFIXED.remediationResults());

  private final Deserializer<Decision> decisions = AvroSerde.of(Decision.class).deserializer();
  private final Deserializer<DeadLetter> deadLetters = AvroSerde.of(DeadLetter.class).deserializer();
  private final Deserializer<RemediationCommand> commands = AvroSerde.of(RemediationCommand.class).deserializer();
  private final Deserializer<RemediationResult> results = AvroSerde.of(RemediationResult.class).deserializer();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Observations observations;
  private final Thread thread;
  private volatile boolean closing;
  private volatile CompletableFuture<Void> catchUp;
  private volatile Throwable failure;
  private boolean started;

  OutputWatcher(String bootstrapServers, Observations observations) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-watcher");
    this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    this.observations = observations;
    this.thread = new Thread(this::run, "chaos-watcher");
    thread.setDaemon(true);
  }

  /** Starts reading every partition of the output topics, which must exist, from the beginning. */
  void start() {
    consumer.assign(TOPICS.stream()
        .flatMap(topic -> consumer.partitionsFor(topic).stream())
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList());
    consumer.seekToBeginning(consumer.assignment());
    thread.start();
    started = true;
  }

  /** @throws ChaosException if reading stopped on an error: every figure after that would be wrong */
  void requireReading() {
    if (failure != null) {
      throw new ChaosException("reading the output topics failed: " + failure, failure);
    }
  }

  /** Returns once every record committed on the output topics when this was called has been read. */
  void awaitCaughtUp(Duration patience) {
    CompletableFuture<Void> request = new CompletableFuture<>();
    catchUp = request;
    Deadline deadline = Deadline.in(patience);
    while (!request.isDone()) {
      requireReading();
      deadline.check("the output topics to be read to their end");
      Deadline.sleep(Duration.ofMillis(50));
    }
  }

  private void run() {
    try {
      while (!closing) {
        consumer.poll(Duration.ofMillis(200)).forEach(this::observe);
        answerCatchUp();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** For a read_committed consumer the end offsets are the last stable offsets: what is committed so far. */
  private void answerCatchUp() {
    CompletableFuture<Void> request = catchUp;
    if (request == null || request.isDone()) {
      return;
    }
    Set<TopicPartition> partitions = consumer.assignment();
    try {
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      if (ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
        request.complete(null);
      }
    } catch (TimeoutException brokerAway) {
      // Asked again after the next poll; the caller's deadline bounds the wait.
    }
  }

  private void observe(ConsumerRecord<String, byte[]> record) {
    try {
      String topic = record.topic();
      Topics topics = Topics.UNPREFIXED;
      if (topic.equals(topics.decisions())) {
        observations.decision(record.partition(), record.offset(), record.key(),
            decisions.deserialize(topic, record.value()));
      } else if (topic.equals(topics.deadLetters())) {
        observations.deadLetter(deadLetters.deserialize(topic, record.value()));
      } else if (topic.equals(topics.remediations())) {
        observations.command(commands.deserialize(topic, record.value()), false);
      } else if (topic.equals(topics.remediationsHeld())) {
        observations.command(commands.deserialize(topic, record.value()), true);
      } else if (topic.equals(topics.remediationResults())) {
        observations.result(results.deserialize(topic, record.value()));
      } else {
        throw new IllegalStateException("not an output topic: " + topic);
      }
    } catch (RuntimeException e) {
      // A record Redress wrote that its own contract cannot read (or no value at all) is a finding of the audit.
      observations.undecodable(record.topic());
    }
  }

  @Override
  public void close() {
    if (!started) {
      consumer.close(Duration.ofSeconds(5));
      return;
    }
    closing = true;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(15).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
