package io.redress.connectors.sqs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class SqsClientsTest {

  private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/111122223333/redress-findings";

  @Test
  void aRegionTheSdkCannotAddressIsNamedWithItsSettingRatherThanAskedFor() {
    SqsSourceConfig config = new SqsSourceConfig(Map.of(SqsSourceConfig.QUEUE_URL, QUEUE,
        SqsSourceConfig.REGION, "us east 1"));

    assertThatThrownBy(() -> SqsClients.create(config))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(SqsSourceConfig.REGION + " \"us east 1\" is no region")
        .hasMessageNotContaining("if no AWS region is configured");
  }
}
