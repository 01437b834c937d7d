package io.redress.bench;

import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.SecurityHubEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A fresh broker per measurement, so that no measurement reads what another left on the topics, with the Redress
 * topics provisioned as Redress itself does on its embedded broker.
 */
final class BenchBroker implements AutoCloseable {

  /** Every finding is about this account: moto's default one, so P3's executor acts where the buckets are. */
  static final String ACCOUNT = "123456789012";

  private final EmbeddedBroker broker;
  private final Admin admin;
  private final int partitions;

  private BenchBroker(EmbeddedBroker broker, int partitions) {
    this.broker = broker;
    this.admin = Admin.create(clientProperties(broker.bootstrapServers()));
    this.partitions = partitions;
  }

  static BenchBroker start(Path brokerClasspath, Path dir, int partitions) {
    BenchBroker bench = new BenchBroker(EmbeddedBroker.start(brokerClasspath, dir), partitions);
    // An interrupted bench must not leave a broker behind.
    long pid = bench.broker.pid();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy)));
    new TopicProvisioner(bench.admin, Topics.UNPREFIXED, partitions, (short) 1).provision();
    return bench;
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** The CPU time the broker's process has used so far. */
  Duration cpu() {
    return ProcessHandle.of(broker.pid()).flatMap(process -> process.info().totalCpuDuration())
        .orElseThrow(() -> new IllegalStateException("this platform does not tell the broker's CPU time"));
  }

  void createTopic(String name) throws ExecutionException, InterruptedException {
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
  }

  KafkaProducer<String, byte[]> producer() {
    Properties properties = clientProperties(bootstrapServers());
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
    // Measured here: an idempotent producer's first sends to a just-created topic sometimes stalled for good on a
    // busy machine. The bench counts outputs per input, so a rare duplicate from a retry would only end a wait early.
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Sends every record and waits until the broker has each: a send that fails (a partition whose leader is still
   * being elected on a busy machine, past the delivery timeout) would silently shorten the run.
   */
  static void sendAll(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records)
      throws InterruptedException, ExecutionException {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (ProducerRecord<String, byte[]> record : records) {
      sent.add(producer.send(record));
    }
    awaitSent(sent);
  }

  static void awaitSent(List<Future<RecordMetadata>> sent) throws InterruptedException, ExecutionException {
    for (Future<RecordMetadata> each : sent) {
      each.get();
    }
  }

  /** One raw Security Hub event about the public bucket {@code bucket}, keyed by the bucket. */
  static ProducerRecord<String, byte[]> finding(String bucket) {
    return finding(Topics.UNPREFIXED.findingsRaw(), bucket);
  }

  /** The same event on another topic: the passthrough's input. */
  static ProducerRecord<String, byte[]> finding(String topic, String bucket) {
    return new ProducerRecord<>(topic, bucket,
        SecurityHubEvents.publicBucket(ACCOUNT, bucket, Instant.now()).getBytes(StandardCharsets.UTF_8));
  }

  static Properties clientProperties(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers);
    return properties;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(10));
    broker.close();
  }
}
