package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.redress.contract.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lessons to a Slack incoming webhook, received by a local HTTP server. */
class SlackChannelTest {

  private final List<String> posted = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private HttpServer webhook;

  @BeforeEach
  void startWebhook() throws IOException {
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/services/T0/B0/secret", exchange -> {
      posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] answer = (status == 200 ? "ok" : "no_service").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    webhook.start();
  }

  @AfterEach
  void stopWebhook() {
    webhook.stop(0);
  }

  private SlackChannel channel() {
    return new SlackChannel(URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/services/T0/B0/secret"));
  }

  @Test
  void theSlackFormOfTheLessonIsPostedAsTheMessageText() throws IOException {
    Message lesson = TestNotifications.renderer().render(TestNotifications.lesson(
        TestNotifications.finding("S3.8").setTitle("<!channel> open bucket").build(), Outcome.NOTIFY_ONLY));

    channel().deliver(lesson);

    assertThat(posted).singleElement().satisfies(body ->
        assertThat(new ObjectMapper().readTree(body).path("text").asText()).isEqualTo(lesson.slack())
            .contains("&lt;!channel&gt; open bucket").doesNotContain("<!channel>"));
  }

  @Test
  void slackIsAskedNotToFetchPreviewsOfAddressesAFindingHolds() throws IOException {
    Message lesson = TestNotifications.renderer().render(TestNotifications.lesson(
        TestNotifications.finding("S3.8").setTitle("see https://tracker.example/pixel.png").build(),
        Outcome.NOTIFY_ONLY));

    channel().deliver(lesson);

    assertThat(posted).singleElement().satisfies(body -> {
      JsonNode sent = new ObjectMapper().readTree(body);
      assertThat(sent.path("unfurl_links").isBoolean()).isTrue();
      assertThat(sent.path("unfurl_links").asBoolean()).isFalse();
      assertThat(sent.path("unfurl_media").isBoolean()).isTrue();
      assertThat(sent.path("unfurl_media").asBoolean()).isFalse();
    });
  }

  @Test
  void aRefusedPostFailsTheDeliveryWithSlacksAnswer() {
    status = 404;

    assertThatThrownBy(() -> channel().deliver(new Message("n-1", "security", "s", "b")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("404").hasMessageContaining("no_service");
  }
}
