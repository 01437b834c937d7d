package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigException;
import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig.NotificationSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRegistryTest {

  private static final String CHANNELS = """
      notifications:
        channels:
          email: {type: smtp, host: 127.0.0.1, port: 2525, from: redress@example.com}
          chat: {type: slack, webhook-url: "http://127.0.0.1:9/hook"}
          log: {type: console}
      """;

  private static NotificationSettings settings(String yaml) {
    return ConfigLoader.fromYaml(yaml, Map.of()).notifications();
  }

  private static ChannelRegistry registry(String routes) {
    return ChannelRegistry.open(settings(CHANNELS + routes));
  }

  @Test
  void aControlsRouteWinsOverItsSeverityAndTheDefault() {
    ChannelRegistry channels = registry("""
          routes:
            controls: {s3.8: [email, chat]}
            severities: {HIGH: [chat]}
            default: [log]
        """);

    assertThat(channels.route("S3.8", "HIGH")).extracting(ChannelRegistry.Named::name).containsExactly("email", "chat");
    assertThat(channels.route("EC2.13", "HIGH")).extracting(ChannelRegistry.Named::name).containsExactly("chat");
    assertThat(channels.route("EC2.13", "LOW")).extracting(ChannelRegistry.Named::name).containsExactly("log");
    assertThat(channels.route(null, null)).extracting(ChannelRegistry.Named::name).containsExactly("log");
  }

  @Test
  void withoutRoutesEveryChannelGetsEveryNotification() {
    assertThat(registry("").route("S3.8", "HIGH")).extracting(ChannelRegistry.Named::name)
        .containsExactlyInAnyOrder("email", "chat", "log");
  }

  /** Only the forms some configured channel reads are rendered: email reads HTML, Slack its mrkdwn, the console text. */
  @Test
  void theFormsRenderedAreThoseTheConfiguredChannelsRead() {
    assertThat(registry("").forms()).containsExactlyInAnyOrder(LessonForm.TEXT, LessonForm.HTML, LessonForm.SLACK);
    assertThat(ChannelRegistry.open(settings("")).forms()).containsExactly(LessonForm.TEXT);
    assertThat(ChannelRegistry.open(settings("""
        notifications:
          channels:
            chat: {type: slack, webhook-url: "http://127.0.0.1:9/hook"}
        """)).forms()).containsExactly(LessonForm.SLACK);
    assertThat(ChannelRegistry.open(settings("""
        notifications:
          channels:
            email: {type: smtp, host: 127.0.0.1, port: 2525, from: redress@example.com}
            log: {type: console}
        """)).forms()).containsExactlyInAnyOrder(LessonForm.TEXT, LessonForm.HTML);
    assertThat(ChannelRegistry.of("own", message -> { }).forms())
        .as("a channel that does not say which forms it reads is given every one")
        .containsExactlyInAnyOrder(LessonForm.TEXT, LessonForm.HTML, LessonForm.SLACK);
  }

  @Test
  void withoutChannelsLessonsArePrintedOnTheConsole() {
    assertThat(ChannelRegistry.open(settings("")).route("S3.8", "HIGH")).singleElement()
        .satisfies(named -> assertThat(named.channel()).isInstanceOf(ConsoleChannel.class));
  }

  @Test
  void anUnknownChannelTypeIsRefusedNamingTheKeyAndTheTypes() {
    assertThatThrownBy(() -> ChannelRegistry.open(settings("""
        notifications:
          channels:
            pager: {type: carrier-pigeon}
        """)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.channels.pager.type")
        .hasMessageContaining("console, ses, slack, smtp");
  }

  @Test
  void aChannelMissingASettingItNeedsIsRefusedNamingIt() {
    assertThatThrownBy(() -> ChannelRegistry.open(settings("""
        notifications:
          channels:
            email: {type: smtp, host: smtp.example.com}
        """)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifications.channels.email.from");
  }

  @Test
  void aRouteToAChannelThatIsNotConfiguredStopsTheConfiguration() {
    assertThatThrownBy(() -> settings(CHANNELS + """
          routes:
            default: [pager]
        """))
        .isInstanceOf(ConfigException.class).hasMessageContaining("pager");
  }
}
