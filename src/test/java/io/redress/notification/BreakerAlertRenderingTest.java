package io.redress.notification;

import static io.redress.notification.TestNotifications.breakerTripped;
import static io.redress.notification.TestNotifications.renderer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BreakerAlertRenderingTest {

  private final NotificationRenderer renderer = renderer();

  @Test
  void theAlertNamesTheScopeInItsSubject() {
    Message message = renderer.render(breakerTripped("control:S3.8", 1501, 1500));

    assertThat(message.subject()).isEqualTo(
        "[Redress] Circuit breaker open for control:S3.8: automatic fixes are on hold");
  }

  @Test
  void theBodyStartsWithTheLineAfterTheSubjectLine() {
    Message message = renderer.render(breakerTripped("control:S3.8", 1501, 1500));

    assertThat(message.body()).startsWith("Hello security team,\n");
  }

  @Test
  void theAlertSaysHowManyCommandsCrossedWhichThresholdInWhatWindow() {
    Message message = renderer.render(breakerTripped("control:S3.8", 1501, 1500));

    assertThat(message.body())
        .contains("opened for scope control:S3.8")
        .contains("1501 remediation commands in 10 minutes crossed the\nthreshold of 1500 per window");
  }

  @Test
  void theAlertSaysWhenTheBreakerClosesByItselfAndWhichCommandTrippedIt() {
    Message message = renderer.render(breakerTripped("global", 101, 100));

    assertThat(message.body())
        .contains("Until 2025-03-14T10:26:53Z")
        .contains("Opened at: 2025-03-14T09:26:53Z, by command command-51");
  }

  @Test
  void windowsAreDescribedInTheLargestWholeUnit() {
    assertThat(BreakerAlertModel.inWords(Duration.ofHours(2))).isEqualTo("2 hours");
    assertThat(BreakerAlertModel.inWords(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    assertThat(BreakerAlertModel.inWords(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(BreakerAlertModel.inWords(Duration.ofMillis(1500))).isEqualTo("1500 milliseconds");
  }
}
