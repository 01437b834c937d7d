package io.redress.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.RedressConfig.ChannelSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A Slack incoming webhook: the lesson's Slack form as the message text (already escaped for Slack), or the text
 * form escaped here for a notification that has no Slack form.
 */
public final class SlackChannel implements DeliveryChannel {

  /** {@code type: slack}. */
  public static final class Type implements ChannelType {
    @Override
    public String name() {
      return "slack";
    }

    @Override
    public DeliveryChannel open(String key, ChannelSettings settings) {
      return new SlackChannel(settings.webhookUrl().orElseThrow(() ->
          new io.redress.config.ConfigException(key + ".webhook-url", "missing; this channel needs it")));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI webhook;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  SlackChannel(URI webhook) {
    this.webhook = webhook;
  }

  @Override
  public Set<LessonForm> forms() {
    return Set.of(LessonForm.SLACK);
  }

  @Override
  public void deliver(Message message) {
    String text = message.slack() != null ? message.slack()
        : "*" + SlackOutputFormat.escape(message.subject()) + "*\n" + SlackOutputFormat.escape(message.body());
    try {
      HttpRequest request = HttpRequest.newBuilder(webhook)
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("text", text,
              // An address in a finding's text stays text Slack would fetch a preview of for everyone reading it,
              // telling whoever wrote the finding when the lesson was read.
              "unfurl_links", false, "unfurl_media", false))))
          .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the Slack webhook answered " + response.statusCode() + ": "
            + Shown.text(response.body()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("the Slack webhook could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while posting to Slack", e);
    }
  }
}
