package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.SourceNames;
import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.ExecutorRole;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.FakeAws;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A run the audit ITs make their history on: a real broker with every topic, the real topology and executors, whose
 * AWS calls go to a {@link FakeAws}, all configured from the test's settings.
 */
final class LiveRun implements AutoCloseable {

  private final RemediationCatalogue catalogue = RemediationCatalogue.discover();
  private FakeAws aws;
  private Path brokerDir;
  private EmbeddedBroker broker;
  private RedressConfig config;
  private Properties client;
  private KafkaProducer<String, byte[]> producer;
  private StreamsRole streams;

  private LiveRun() {
  }

  /** Starts the broker and creates every topic with {@code partitions} partitions; the topology is not started yet. */
  static LiveRun start(String settings, int partitions) throws Exception {
    LiveRun run = new LiveRun();
    try {
      run.begin(settings, partitions);
      return run;
    } catch (Exception | AssertionError e) {
      run.close();
      throw e;
    }
  }

  private void begin(String settings, int partitions) throws Exception {
    aws = new FakeAws();
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    brokerDir = Files.createTempDirectory("redress-audit-it");
    broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir);
    // Findings of other accounts than the executor's own are acted on through a role there.
    config = ConfigLoader.fromYaml(settings + "aws: {region: us-east-1, endpoint: '" + aws.endpoint() + "', accounts: "
        + "{'" + FakeAws.ROLE_ACCOUNT + "': {role-arn: 'arn:aws:iam::" + FakeAws.ROLE_ACCOUNT
        + ":role/redress-remediator'}}}\n",
        Map.of()).withBootstrapServers(broker.bootstrapServers());
    client = config.kafka().clientProperties();
    try (Admin admin = Admin.create(client)) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, partitions, (short) 1).provision();
    }
    producer = new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer());
  }

  void startTopology() throws InterruptedException {
    streams = new StreamsRole(config, catalogue, brokerDir.resolve("streams"), () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(Duration.ofSeconds(90))).as("topology running").isTrue();
  }

  /** Starts an executor instance; closing it stops the instance. */
  Executor startExecutor() {
    return new Executor(new ExecutorRole(config.kafka(), config, catalogue, Optional.empty()));
  }

  /** An executor running on a thread of its own. */
  static final class Executor implements AutoCloseable {
    private final ExecutorRole role;
    private final Thread thread;

    private Executor(ExecutorRole role) {
      this.role = role;
      this.thread = new Thread(role, "executor-under-test");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      role.close();
      thread.join();
    }
  }

  /** Sends a Security Hub event as the ingest would receive it. */
  void sendEvent(String event) throws Exception {
    send(Topics.UNPREFIXED.findingsRaw(), "event", event.getBytes(StandardCharsets.UTF_8));
  }

  /** As the webhook stores what a source delivers: with the source's name in its header. */
  void sendEvent(String event, String source) throws Exception {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), source,
        event.getBytes(StandardCharsets.UTF_8));
    record.headers().add(SourceNames.HEADER, source.getBytes(StandardCharsets.UTF_8));
    producer.send(record).get();
  }

  void send(String topic, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  RedressConfig config() {
    return config;
  }

  Properties client() {
    return client;
  }

  FakeAws aws() {
    return aws;
  }

  Path brokerDir() {
    return brokerDir;
  }

  EmbeddedBroker broker() {
    return broker;
  }

  @Override
  public void close() throws Exception {
    if (producer != null) {
      producer.close();
    }
    if (streams != null) {
      streams.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (aws != null) {
      aws.close();
    }
  }
}
