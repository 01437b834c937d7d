package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.testing.TestBroker;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerIT {
  private static final Duration READ_PATIENCE = Duration.ofSeconds(30);

  @TempDir
  Path dataDir;

  @Test
  void aProducedRecordIsConsumedBack() throws Exception {
    String topic = "embedded-broker-" + UUID.randomUUID();

    produce(TestBroker.bootstrapServers(), topic, "aws/111122223333/eu-west-1/bucket-a", "finding");

    assertThat(readAll(TestBroker.bootstrapServers(), topic, 1))
        .containsExactly("aws/111122223333/eu-west-1/bucket-a=finding");
  }

  @Test
  void aRestartOnTheSameDataDirectoryKeepsRecordsEvenOnOtherPorts() throws Exception {
    List<Integer> previousPorts;
    try (EmbeddedBroker first = startBroker()) {
      produce(first.bootstrapServers(), "kept", "resource", "before-restart");
      previousPorts = listenerPorts();
    }

    try (ServerSocket brokerPortTaken = occupy(previousPorts.get(0));
         ServerSocket controllerPortTaken = occupy(previousPorts.get(1));
         EmbeddedBroker second = startBroker()) {
      assertThat(listenerPorts()).doesNotContainAnyElementsOf(previousPorts);
      assertThat(readAll(second.bootstrapServers(), "kept", 1)).containsExactly("resource=before-restart");
    }
  }

  @Test
  void closingLeavesNoBrokerProcess() {
    EmbeddedBroker broker = startBroker();
    long pid = broker.pid();

    broker.close();

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void aBrokerLeftBehindByAKilledRunIsStoppedByTheNextStart() {
    // Never closed before the next start, as when the application that started it was killed with SIGKILL.
    EmbeddedBroker leftBehind = startBroker();
    try (EmbeddedBroker next = startBroker()) {
      assertThat(ProcessHandle.of(leftBehind.pid()).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(next.pid()).isNotEqualTo(leftBehind.pid());
    } finally {
      leftBehind.close();
    }
  }

  @Test
  void aDataDirectoryInUseByABrokerNotStartedHereIsRefusedAndThatBrokerKeepsWorking() throws Exception {
    try (EmbeddedBroker running = startBroker()) {
      // Without its pid file, as for a broker started by hand on this directory.
      Files.delete(dataDir.resolve("broker.pid"));

      assertThatThrownBy(this::startBroker)
          .isInstanceOf(KafkaSetupException.class)
          .hasMessageContaining("Another Kafka process is using");
      produce(running.bootstrapServers(), "still-served", "resource", "after-refusal");
      assertThat(readAll(running.bootstrapServers(), "still-served", 1)).containsExactly("resource=after-refusal");
    }
  }

  private EmbeddedBroker startBroker() {
    return EmbeddedBroker.start(TestBroker.classpathFile(), dataDir);
  }

  /** The broker and controller ports, as written into the broker's configuration. */
  private List<Integer> listenerPorts() throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(dataDir.resolve("server.properties"))) {
      properties.load(reader);
    }
    Matcher port = Pattern.compile(":(\\d+)").matcher(properties.getProperty("listeners"));
    List<Integer> ports = new ArrayList<>();
    while (port.find()) {
      ports.add(Integer.parseInt(port.group(1)));
    }
    return ports;
  }

  private static ServerSocket occupy(int port) throws IOException {
    return new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"));
  }

  private static void produce(String bootstrapServers, String topic, String key, String value)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Reads the topic's only partition from the start until {@code expected} records arrived, or patience ran out. */
  private static List<String> readAll(String bootstrapServers, String topic, int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      Instant deadline = Instant.now().plus(READ_PATIENCE);
      while (records.size() < expected && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          records.add(record.key() + "=" + record.value());
        }
      }
    }
    return records;
  }
}
