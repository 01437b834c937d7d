package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.kafka.RecordLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code kafka.properties} reach every client; {@code kafka.consumer}, {@code kafka.producer}, {@code kafka.admin}
 * only clients of that type (those inside Kafka Streams too), and {@code kafka.streams} only Kafka Streams.
 */
class KafkaClientSettingsTest {

  private static final String PER_CLIENT_TYPE = """
      kafka:
        bootstrap-servers: 127.0.0.1:9
        properties:
          security.protocol: SSL
          request.timeout.ms: "30000"
        consumer:
          session.timeout.ms: "6000"
        producer:
          transaction.timeout.ms: "10000"
        admin:
          request.timeout.ms: "60000"
        streams:
          num.standby.replicas: "1"
      """;

  private final KafkaSettings kafka = ConfigLoader.fromYaml(PER_CLIENT_TYPE, Map.of()).kafka();

  @Test
  void aConsumerSettingReachesConsumersOnly() {
    assertThat(kafka.consumerConfig()).containsEntry("session.timeout.ms", "6000");
    assertThat(kafka.producerConfig()).doesNotContainKey("session.timeout.ms");
    assertThat(kafka.adminConfig()).doesNotContainKey("session.timeout.ms");
    assertThat(kafka.clientConfig()).doesNotContainKey("session.timeout.ms");
  }

  @Test
  void aProducerSettingReachesProducersOnly() {
    assertThat(kafka.producerConfig()).containsEntry("transaction.timeout.ms", "10000");
    assertThat(kafka.consumerConfig()).doesNotContainKey("transaction.timeout.ms");
    assertThat(kafka.adminConfig()).doesNotContainKey("transaction.timeout.ms");
  }

  @Test
  void aClientTypesOwnSettingWinsOverTheOneForEveryClient() {
    assertThat(kafka.adminConfig()).containsEntry("request.timeout.ms", "60000");
    assertThat(kafka.consumerConfig()).containsEntry("request.timeout.ms", "30000");
    assertThat(kafka.producerConfig()).containsEntry("request.timeout.ms", "30000");
  }

  @Test
  void everyClientTypeKeepsTheSettingsForEveryClient() {
    assertThat(kafka.consumerConfig()).containsEntry("security.protocol", "SSL")
        .containsEntry("bootstrap.servers", "127.0.0.1:9");
    assertThat(kafka.producerConfig()).containsEntry("security.protocol", "SSL");
    assertThat(kafka.adminConfig()).containsEntry("security.protocol", "SSL");
  }

  @Test
  void kafkaStreamsGetsItsOwnSettingsAndPassesEachTypesSettingsToItsOwnClientsOfThatType() {
    StreamsConfig streams = new StreamsConfig(withApplicationId(kafka.streamsProperties()));

    assertThat(streams.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
    assertThat(streams.getMainConsumerConfigs("redress", "redress-consumer", 0))
        .containsEntry("session.timeout.ms", "6000")
        .containsEntry("request.timeout.ms", "30000")
        .containsEntry("security.protocol", "SSL");
    assertThat(streams.getProducerConfigs("redress-producer"))
        .containsEntry("transaction.timeout.ms", "10000")
        .doesNotContainKey("session.timeout.ms");
    assertThat(streams.getAdminConfigs("redress-admin"))
        .containsEntry("request.timeout.ms", "60000")
        .doesNotContainKey("session.timeout.ms");
  }

  @Test
  void theStreamsSettingsStayOutOfOtherClients() {
    assertThat(kafka.consumerConfig()).doesNotContainKey("num.standby.replicas");
    assertThat(kafka.producerConfig()).doesNotContainKey("num.standby.replicas");
    assertThat(kafka.adminConfig()).doesNotContainKey("num.standby.replicas");
  }

  @Test
  void theExecutorAndNotifierLoopsBuildTheirConsumerAndProducerFromTheirTypesSettings() {
    KafkaSettings named = ConfigLoader.fromYaml("""
        kafka:
          bootstrap-servers: 127.0.0.1:9
          properties: {client.id: every-client}
          consumer: {client.id: the-consumer}
          producer: {client.id: the-producer}
        """, Map.of()).kafka();

    try (Consumer<byte[], byte[]> consumer = RecordLoop.consumer(named, "redress-executor", 10, Optional.empty());
        Producer<byte[], byte[]> producer = RecordLoop.producer(named, "redress-executor")) {
      assertThat(clientIds(consumer.metrics())).containsOnly("the-consumer");
      assertThat(clientIds(producer.metrics())).containsOnly("the-producer");
    }
  }

  @Test
  void perClientTypeSettingsComeFromTheEnvironmentByTheOneRule() {
    KafkaSettings fromEnvironment = ConfigLoader.defaults(Map.of(
        "REDRESS_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000",
        "REDRESS_KAFKA_PRODUCER_TRANSACTION_TIMEOUT_MS", "10000",
        "REDRESS_KAFKA_ADMIN_REQUEST_TIMEOUT_MS", "60000",
        "REDRESS_KAFKA_STREAMS_NUM_STANDBY_REPLICAS", "1",
        "REDRESS_KAFKA_STREAM_THREADS", "2")).kafka();

    assertThat(fromEnvironment.consumer()).containsExactly(Map.entry("session.timeout.ms", "6000"));
    assertThat(fromEnvironment.producer()).containsExactly(Map.entry("transaction.timeout.ms", "10000"));
    assertThat(fromEnvironment.admin()).containsExactly(Map.entry("request.timeout.ms", "60000"));
    assertThat(fromEnvironment.streams()).containsExactly(Map.entry("num.standby.replicas", "1"));
    assertThat(fromEnvironment.streamThreads()).isEqualTo(2);
  }

  @Test
  void aSettingWithoutAValueIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("""
        kafka:
          producer:
            linger.ms:
        """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.producer.linger.ms: missing value");
  }

  /** On a cluster that creates topics on demand, a reader naming a topic not yet provisioned must not make it. */
  @Test
  void noConsumerCreatesTheTopicItReadsUnlessTheSettingsSaySo() {
    assertThat(kafka.consumerConfig()).containsEntry("allow.auto.create.topics", "false");
    assertThat(kafka.producerConfig()).doesNotContainKey("allow.auto.create.topics");
    assertThat(ConfigLoader.fromYaml("kafka: {bootstrap-servers: 127.0.0.1:9, consumer: {allow.auto.create.topics:"
        + " \"true\"}}", Map.of()).kafka().consumerConfig()).containsEntry("allow.auto.create.topics", "true");
    assertThat(ConfigLoader.fromYaml("kafka: {bootstrap-servers: 127.0.0.1:9, properties: {allow.auto.create.topics:"
        + " \"true\"}}", Map.of()).kafka().consumerConfig()).containsEntry("allow.auto.create.topics", "true");
  }

  @Test
  void pointingTheSettingsAtAnotherClusterKeepsThePerClientTypeSettings() {
    RedressConfig config = ConfigLoader.fromYaml(PER_CLIENT_TYPE, Map.of()).withBootstrapServers("127.0.0.1:19092");

    assertThat(config.kafka().consumerConfig()).containsEntry("bootstrap.servers", "127.0.0.1:19092")
        .containsEntry("session.timeout.ms", "6000");
    assertThat(config.kafka().streams()).containsEntry("num.standby.replicas", "1");
  }

  @Test
  void settingsBuiltWithoutPerClientTypeMapsHaveNone() {
    KafkaSettings plain = new KafkaSettings(Optional.of("127.0.0.1:9"), "redress", Map.of("linger.ms", "5"), 3, 1);

    Map<String, Object> expected = new HashMap<>(plain.clientConfig());
    expected.put("allow.auto.create.topics", "false");
    assertThat(plain.consumerConfig()).isEqualTo(expected);
    assertThat(plain.producerConfig()).isEqualTo(plain.clientConfig());
    assertThat(plain.streams()).isEmpty();
  }

  private static Properties withApplicationId(Properties properties) {
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "redress");
    return properties;
  }

  private static Set<String> clientIds(Map<MetricName, ? extends Metric> metrics) {
    return metrics.keySet().stream().map(name -> name.tags().get("client-id"))
        .filter(Objects::nonNull).collect(Collectors.toSet());
  }
}
