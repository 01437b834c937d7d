package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kafka.partitions} (1 to 1000, default 6) and {@code kafka.stream-threads} (1 to 64, default 1). */
class ScaleSettingsTest {

  private static RedressConfig.KafkaSettings kafka(String yaml) {
    return ConfigLoader.fromYaml(yaml, Map.of()).kafka();
  }

  @Test
  void topicsGetSixPartitionsAndTheTopologyOneThreadUnlessConfigured() {
    assertThat(ConfigLoader.defaults(Map.of()).kafka().partitions()).isEqualTo(6);
    assertThat(ConfigLoader.defaults(Map.of()).kafka().streamThreads()).isEqualTo(1);
    assertThat(kafka("kafka: {partitions: 12, stream-threads: 4}").partitions()).isEqualTo(12);
    assertThat(kafka("kafka: {partitions: 12, stream-threads: 4}").streamThreads()).isEqualTo(4);
  }

  @Test
  void partitionsRunFromOneToAThousand() {
    assertThat(kafka("kafka: {partitions: 1}").partitions()).isEqualTo(1);
    assertThat(kafka("kafka: {partitions: 1000}").partitions()).isEqualTo(1000);
    assertThatThrownBy(() -> kafka("kafka: {partitions: 0}"))
        .hasMessage("kafka.partitions: must be at least 1, got 0");
    assertThatThrownBy(() -> kafka("kafka: {partitions: 1001}"))
        .hasMessage("kafka.partitions: must be at most 1000, got 1001");
  }

  @Test
  void streamThreadsRunFromOneToSixtyFour() {
    assertThat(kafka("kafka: {stream-threads: 64}").streamThreads()).isEqualTo(64);
    assertThatThrownBy(() -> kafka("kafka: {stream-threads: 0}"))
        .hasMessage("kafka.stream-threads: must be at least 1, got 0");
    assertThatThrownBy(() -> kafka("kafka: {stream-threads: 65}"))
        .hasMessage("kafka.stream-threads: must be at most 64, got 65");
  }

  @Test
  void theEnvironmentSetsThemToo() {
    RedressConfig config = ConfigLoader.defaults(
        Map.of("REDRESS_KAFKA_PARTITIONS", "3", "REDRESS_KAFKA_STREAM_THREADS", "2"));
    assertThat(config.kafka().partitions()).isEqualTo(3);
    assertThat(config.kafka().streamThreads()).isEqualTo(2);
  }

  @Test
  void theEmbeddedBrokersAddressKeepsThem() {
    RedressConfig config = ConfigLoader.fromYaml("kafka: {partitions: 2, stream-threads: 3}", Map.of())
        .withBootstrapServers("127.0.0.1:9092");
    assertThat(config.kafka().partitions()).isEqualTo(2);
    assertThat(config.kafka().streamThreads()).isEqualTo(3);
  }
}
