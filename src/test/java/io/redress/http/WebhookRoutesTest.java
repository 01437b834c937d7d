package io.redress.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the webhook says when it starts about the limits it is given. */
class WebhookRoutesTest {

  @Test
  void aLimitUnderANameNoWebhookSourceHasIsWarnedOfAndOneUnderASourcesNameIsNot() {
    RedressConfig config = ConfigLoader.fromYaml("""
        ingest: {sources: {csmp: {accounts: ["111122223333"]}, eventbridge: {formats: [security-hub]}}}
        http: {sources: {cspm: {api-key: "a-key-of-sixteen-chars"}, eventbridge: {api-key: "another-key-of-sixteen"}}}
        """, Map.of()).withBootstrapServers("127.0.0.1:9");
    Logger logger = (Logger) LoggerFactory.getLogger(WebhookRoutes.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (WebhookRoutes routes = new WebhookRoutes(config.http(), config.ingest(),
        new RawFindingPublisher(config.kafka(), config.ingest().maxRecordBytes(), Duration.ofSeconds(1)),
        Clock.systemUTC())) {
      assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
          "ingest.sources.csmp limits a source http.sources does not name: only records of `./redress import"
              + " --source csmp` carry that name; if it is meant for a webhook source, its name is misspelled and"
              + " that source is not limited");
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  void aBodyTheTopologyCannotReadIsRefusedAndPlainUtf8JsonPasses() {
    String json = "{\"Findings\": [{\"Id\": \"caf\u00e9\"}]}";
    byte[] withMark = ("\ufeff" + json).getBytes(StandardCharsets.UTF_8);

    assertThatCode(() -> WebhookRoutes.requireJson(json.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    assertThatThrownBy(() -> WebhookRoutes.requireJson(withMark)).hasMessage(
        "the body begins with a byte-order mark: send UTF-8 without one");
    // ASCII in UTF-16 is valid UTF-8 with a NUL beside every character
    assertThatThrownBy(() -> WebhookRoutes.requireJson("{\"Findings\": []}".getBytes(StandardCharsets.UTF_16LE)))
        .hasMessageStartingWith("the body is not JSON");
    assertThatThrownBy(() -> WebhookRoutes.requireJson(json.getBytes(StandardCharsets.UTF_16LE)))
        .hasMessage("the body is not UTF-8 text");
    assertThatThrownBy(() -> WebhookRoutes.requireJson(json.getBytes(StandardCharsets.UTF_16)))
        .hasMessage("the body is not UTF-8 text");
    assertThatThrownBy(() -> WebhookRoutes.requireJson(json.getBytes(StandardCharsets.ISO_8859_1)))
        .hasMessage("the body is not UTF-8 text");
  }
}
