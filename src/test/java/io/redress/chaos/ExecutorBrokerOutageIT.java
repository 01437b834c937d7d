package io.redress.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.Resource;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.RecordKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor under broker restarts, as the chaos harness makes them: commands keep arriving, the broker is stopped
 * while Redress is busy and started again on the same ports and data, and every command must still get its result
 * soon after the broker is back, not after the clients' minute-long default timeouts.
 *
 * <p>Redress runs in a process of its own so that it can be frozen (SIGSTOP) from just before each stop until the
 * broker answers again, as {@link Conductor#freezeRedress()} does and says why: a one-node broker skips the markers
 * of a transaction that ends during its own shutdown, leaving its partitions closed to read_committed readers for
 * good. Frozen somewhere inside a poll, a batch or a commit, Redress still meets dead connections, an open
 * transaction and unsent records when it goes on. Left out with the chaos harness: {@code -DexcludedGroups=chaos}.
 */
@Tag("chaos")
class ExecutorBrokerOutageIT {

  /** Well under the chaos harness's stall limit (90 s of no output fails the run). */
  private static final Duration RECOVERY = Duration.ofSeconds(45);
  private static final Duration STARTING = Duration.ofSeconds(120);
  private static final Duration DOWN = Duration.ofSeconds(3);
  /** What {@link Conductor#freezeRedress()} waits for markers already under way. */
  private static final Duration SETTLE = Duration.ofSeconds(1);
  /** Each stops the broker at a different point of the executor's work. */
  private static final int OUTAGES = 2;

  private final Set<String> resulted = new HashSet<>();

  @Test
  void everyCommandGetsItsResultSoonAfterTheBrokerComesBack(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work)
      throws Exception {
    ChaosOptions options = ChaosCommand.parse("--work-dir", work.toString(),
        "--java-opts", "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
    ChaosEvents events = new ChaosEvents();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    AtomicBoolean sending = new AtomicBoolean(true);
    try (BrokerControl broker = new BrokerControl(options.brokerClasspath(), work.resolve("broker"));
        RedressProcess redress = new RedressProcess(options, broker.bootstrapServers(), work, events)) {
      broker.start();
      redress.launch();
      assertThat(redress.awaitRunning(Deadline.in(STARTING))).as("Redress running (its log: %s)", work).isTrue();
      Properties client = new Properties();
      client.put("bootstrap.servers", broker.bootstrapServers());
      Thread feeder = new Thread(() -> feed(client, sent, sending), "command-feeder");
      try (KafkaConsumer<String, byte[]> results = resultReader(client); Admin admin = Admin.create(client)) {
        feeder.start();
        for (int outage = 1; outage <= OUTAGES; outage++) {
          awaitResults(results, sent, admin, work, "before outage " + outage);
          Thread.sleep(200 + (long) (Math.random() * 600)); // somewhere inside a poll, a batch or a commit
          redress.pause();
          try {
            Thread.sleep(SETTLE.toMillis());
            broker.stop();
            Thread.sleep(DOWN.toMillis());
            broker.start();
          } finally {
            redress.resume();
          }
          awaitResults(results, sent, admin, work, "after outage " + outage);
        }
      } finally {
        sending.set(false);
        feeder.join();
      }
      assertThat(redress.crashed()).as("Redress exited by itself (its log: %s)", work).isFalse();
    }
  }

  /** Sends commands, each on a bucket of its own, at about 50 a second until told to stop. */
  private static void feed(Properties client, Set<String> sent, AtomicBoolean sending) {
    Properties settings = new Properties();
    settings.putAll(client);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
      for (int n = 0; sending.get(); n++) {
        RemediationCommand command = blockPublicAccess(n);
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.remediations(), RecordKeys.resource(command.getResource()),
            AvroSerde.of(RemediationCommand.class).serializer().serialize(Topics.UNPREFIXED.remediations(), command)),
            (metadata, error) -> {
              if (error == null) {
                sent.add(command.getCommandId().toString());
              }
            });
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A dry-run command, as the topology issues one for every control until it is configured. */
  private static RemediationCommand blockPublicAccess(int n) {
    Resource bucket = Resource.newBuilder()
        .setType("AwsS3Bucket")
        .setId("arn:aws:s3:::outage-" + n)
        .setAccount("123456789012")
        .setRegion("us-east-1")
        .setTags(Map.of())
        .build();
    return RemediationCommand.newBuilder()
        .setCommandId("outage-command-" + n)
        .setDecisionId("outage-decision-" + n)
        .setFindingId("outage-finding-" + n)
        .setControl("S3.8")
        .setAction("s3-block-public-access")
        .setResource(bucket)
        .setDryRun(true)
        .setIssuedAt(Instant.now())
        .build();
  }

  private static KafkaConsumer<String, byte[]> resultReader(Properties client) {
    Properties settings = new Properties();
    settings.putAll(client);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-reader");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.UNPREFIXED.remediationResults()));
    return consumer;
  }

  /**
   * Waits until every command acknowledged so far has a result; when one has none in time, the failure names what
   * holds the results back, if a transaction does.
   */
  private void awaitResults(KafkaConsumer<String, byte[]> results, Set<String> sent, Admin admin, Path work,
      String when) {
    Set<String> expected = Set.copyOf(sent);
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (!resulted.containsAll(expected) && System.nanoTime() < deadline) {
      results.poll(Duration.ofMillis(200)).forEach(record -> resulted.add(AvroSerde.of(RemediationResult.class)
          .deserializer().deserialize(record.topic(), record.value()).getCommandId().toString()));
    }
    Set<String> missing = expected.stream().filter(id -> !resulted.contains(id)).collect(Collectors.toSet());
    if (!missing.isEmpty()) {
      assertThat(missing).as("commands without a result %s %s; open transactions holding results back: %s; Redress's"
          + " log: %s", RECOVERY, when, OpenTransactions.holdingBack(admin, List.of(
              Topics.UNPREFIXED.remediationResults())), work).isEmpty();
    }
  }
}
