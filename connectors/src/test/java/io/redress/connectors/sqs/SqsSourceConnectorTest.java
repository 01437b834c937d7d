package io.redress.connectors.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

class SqsSourceConnectorTest {

  private static final Map<String, String> SETTINGS =
      Map.of(SqsSourceConfig.QUEUE_URL, "https://sqs.eu-west-1.amazonaws.com/111122223333/findings");

  @Test
  void connectFindsTheConnectorThroughItsServiceEntryAsTheWorkerIsConfiguredTo() {
    assertThat(ServiceLoader.load(SourceConnector.class).stream().map(ServiceLoader.Provider::type))
        .contains(SqsSourceConnector.class);
  }

  @Test
  void everyTaskReadsTheSameQueue() {
    SqsSourceConnector connector = new SqsSourceConnector();
    connector.start(SETTINGS);

    assertThat(connector.taskConfigs(3)).hasSize(3).containsOnly(SETTINGS);
    assertThat(connector.taskClass()).isEqualTo(SqsSourceTask.class);
  }

  @Test
  void aConnectorWithABadSettingDoesNotStart() {
    assertThatThrownBy(() -> new SqsSourceConnector().start(Map.of(SqsSourceConfig.QUEUE_URL, SETTINGS
        .get(SqsSourceConfig.QUEUE_URL), SqsSourceConfig.MAX_MESSAGES, "25")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sqs.max.messages");
  }

  @Test
  void connectValidatesAgainstTheConnectorsOwnDefinition() {
    assertThat(new SqsSourceConnector().config().names()).contains(SqsSourceConfig.QUEUE_URL,
        SqsSourceConfig.WAIT_TIME_SECONDS, SqsSourceConfig.MAX_MESSAGES, SqsSourceConfig.VISIBILITY_TIMEOUT_SECONDS,
        SqsSourceConfig.ENDPOINT, SqsSourceConfig.REGION, SqsSourceConfig.TOPIC);
  }
}
