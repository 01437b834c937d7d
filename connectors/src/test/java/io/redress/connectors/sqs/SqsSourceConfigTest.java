package io.redress.connectors.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SqsSourceConfigTest {

  private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/111122223333/redress-findings";

  private static SqsSourceConfig config(String... settings) {
    Map<String, String> properties = new HashMap<>(Map.of(SqsSourceConfig.QUEUE_URL, QUEUE));
    for (int i = 0; i < settings.length; i += 2) {
      properties.put(settings[i], settings[i + 1]);
    }
    return new SqsSourceConfig(properties);
  }

  @Test
  void onlyTheQueueIsRequiredAndTheDefaultsLongPollInFullBatchesIntoTheRawTopic() {
    SqsSourceConfig config = config();

    assertThat(config.queueUrl()).isEqualTo(QUEUE);
    assertThat(config.waitTimeSeconds()).isEqualTo(20);
    assertThat(config.maxMessages()).isEqualTo(10);
    assertThat(config.visibilityTimeoutSeconds()).isEqualTo(120);
    assertThat(config.topic()).isEqualTo("redress.findings.raw");
    assertThat(config.region()).isEmpty();
    assertThat(config.endpoint()).isEmpty();
    assertThat(config.staticCredentials()).as("the default credentials chain").isEmpty();
    assertThat(config.errorBackoffMax()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.recordMaxBytes()).as("under the producer's max.request.size").isEqualTo(1_000_000);
  }

  @Test
  void aMissingQueueIsNamed() {
    assertThatThrownBy(() -> new SqsSourceConfig(Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sqs.queue.url");
  }

  @Test
  void theQueueAndTheEndpointMustBeHttpUrls() {
    assertThatThrownBy(() -> config(SqsSourceConfig.QUEUE_URL, "redress-findings"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sqs.queue.url").hasMessageContaining("must be an http:// or https:// URL");
    assertThatThrownBy(() -> config(SqsSourceConfig.ENDPOINT, "ftp://127.0.0.1:5000"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sqs.endpoint");
    assertThat(config(SqsSourceConfig.ENDPOINT, "http://127.0.0.1:5000").endpoint())
        .contains(URI.create("http://127.0.0.1:5000"));
  }

  @Test
  void aBatchHoldsOneToTenMessagesAsSqsAllows() {
    assertThat(config(SqsSourceConfig.MAX_MESSAGES, "1").maxMessages()).isEqualTo(1);
    assertThat(config(SqsSourceConfig.MAX_MESSAGES, "10").maxMessages()).isEqualTo(10);
    assertThatThrownBy(() -> config(SqsSourceConfig.MAX_MESSAGES, "11"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sqs.max.messages");
    assertThatThrownBy(() -> config(SqsSourceConfig.MAX_MESSAGES, "0"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sqs.max.messages");
  }

  @Test
  void aLongPollWaitsZeroToTwentySecondsAsSqsAllows() {
    assertThat(config(SqsSourceConfig.WAIT_TIME_SECONDS, "0").waitTimeSeconds()).isZero();
    assertThatThrownBy(() -> config(SqsSourceConfig.WAIT_TIME_SECONDS, "21"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sqs.wait.time.seconds");
  }

  @Test
  void theVisibilityTimeoutIsAtLeastOneSecond() {
    assertThatThrownBy(() -> config(SqsSourceConfig.VISIBILITY_TIMEOUT_SECONDS, "0"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sqs.visibility.timeout.seconds");
  }

  @Test
  void staticKeysGoTogetherAndTheSecretIsNeverPrinted() {
    assertThatThrownBy(() -> config(SqsSourceConfig.ACCESS_KEY_ID, "AKIAEXAMPLE"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sqs.access.key.id and sqs.secret.access.key go together");
    assertThatThrownBy(() -> config(SqsSourceConfig.SECRET_ACCESS_KEY, "s3cr3t"))
        .isInstanceOf(ConfigException.class).hasMessageNotContaining("s3cr3t");

    SqsSourceConfig config = config(SqsSourceConfig.ACCESS_KEY_ID, "AKIAEXAMPLE",
        SqsSourceConfig.SECRET_ACCESS_KEY, "s3cr3t");

    assertThat(config.staticCredentials()).hasValueSatisfying(keys -> {
      assertThat(keys.secretAccessKey()).isEqualTo("s3cr3t");
      assertThat(keys.toString()).contains("AKIAEXAMPLE").doesNotContain("s3cr3t");
    });
  }
}
