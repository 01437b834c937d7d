package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.RecordKeys;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor under a broker restart, as the chaos harness does it: commands keep arriving, the broker is stopped
 * while the executor is busy and started again on the same ports and data, and every command must still get its
 * result soon after the broker is back, not after the clients' minute-long default timeouts.
 */
class ExecutorBrokerOutageIT {

  /** Well under the chaos harness's stall limit (90 s of no output fails the run). */
  private static final Duration RECOVERY = Duration.ofSeconds(45);
  private static final Duration DOWN = Duration.ofSeconds(3);
  /** Each stops the broker at a different point of the executor's work: inside a batch, a commit, an abort. */
  private static final int OUTAGES = 2;

  @Test
  void everyCommandGetsItsResultSoonAfterTheBrokerComesBack(@TempDir Path brokerDir) throws Exception {
    int[] ports = freePorts();
    EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir, ports[0], ports[1]);
    RedressConfig config = ConfigLoader.defaults(Map.of()).withBootstrapServers(broker.bootstrapServers());
    Properties client = config.kafka().clientProperties();
    try (Admin admin = Admin.create(client)) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    awaitTransactionLog(client);
    Set<String> sent = ConcurrentHashMap.newKeySet();
    AtomicBoolean sending = new AtomicBoolean(true);
    ExecutorRole executor = new ExecutorRole(config.kafka(), config, RemediationCatalogue.discover(), Optional.empty());
    Thread running = new Thread(executor, "executor-under-test");
    Thread feeder = new Thread(() -> feed(client, sent, sending), "command-feeder");
    try (KafkaConsumer<String, byte[]> results = resultReader(client)) {
      running.start();
      feeder.start();
      for (int outage = 1; outage <= OUTAGES; outage++) {
        awaitResults(results, sent, "before outage " + outage);
        Thread.sleep(200 + (long) (Math.random() * 600)); // somewhere inside a batch or a commit
        broker.close();
        Thread.sleep(DOWN.toMillis());
        broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir, ports[0], ports[1]);
        awaitResults(results, sent, "after outage " + outage);
      }
    } finally {
      sending.set(false);
      feeder.join();
      executor.close();
      running.join();
      broker.close();
    }
  }

  /** The broker creates its transaction log on first use, which can take a loaded machine longer than a start. */
  private static void awaitTransactionLog(Properties client) {
    Properties settings = new Properties();
    settings.putAll(client);
    settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "outage-warm-up");
    for (int attempt = 1; ; attempt++) {
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.initTransactions();
        return;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        assertThat(attempt).as("attempts to reach the transaction coordinator").isLessThan(5);
      }
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
        RemediationCommand command = Commands.blockPublicAccess("123456789012", "arn:aws:s3:::outage-" + n, false);
        command.setCommandId("outage-command-" + n);
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.remediations(), RecordKeys.resource(command.getResource()),
            AvroSerde.of(RemediationCommand.class).serializer().serialize(Topics.UNPREFIXED.remediations(), command)),
            (metadata, error) -> {
              if (error == null) {
                sent.add(command.getCommandId());
              }
            });
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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

  private final Set<String> resulted = new HashSet<>();

  /** Waits until every command acknowledged so far has a result, failing with the executor's stack if it stalls. */
  private void awaitResults(KafkaConsumer<String, byte[]> results, Set<String> sent, String when) {
    Set<String> expected = Set.copyOf(sent);
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (!resulted.containsAll(expected) && System.nanoTime() < deadline) {
      results.poll(Duration.ofMillis(200)).forEach(record -> resulted.add(AvroSerde.of(RemediationResult.class)
          .deserializer().deserialize(record.topic(), record.value()).getCommandId().toString()));
    }
    Set<String> missing = expected.stream().filter(id -> !resulted.contains(id)).collect(Collectors.toSet());
    assertThat(missing).as("commands without a result %s %s; the executor was at:%n%s", RECOVERY, when,
        executorStack()).isEmpty();
  }

  private static String executorStack() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(entry -> entry.getKey().getName().equals("executor-under-test"))
        .flatMap(entry -> Arrays.stream(entry.getValue()))
        .map(frame -> "  at " + frame)
        .collect(Collectors.joining("\n"));
  }

  private static int[] freePorts() {
    try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new int[] {first.getLocalPort(), second.getLocalPort()};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
