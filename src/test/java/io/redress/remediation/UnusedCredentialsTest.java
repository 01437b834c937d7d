package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IAM.8's judgement of a console password by its last use, which moto cannot set (IamKmsControlsIT has the rest). */
class UnusedCredentialsTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private final UnusedCredentials action = new UnusedCredentials();

  private static Instant daysAgo(long days) {
    return NOW.minus(Duration.ofDays(days));
  }

  @Test
  void aPasswordUsedWithinTheLimitIsKeptHoweverLongAgoItWasSet() {
    assertThat(action.password(daysAgo(400), daysAgo(10), NOW).unused()).isFalse();
  }

  @Test
  void aPasswordLastUsedLongerAgoThanTheLimitIsUnused() {
    assertThat(action.password(daysAgo(400), daysAgo(91), NOW).unused()).isTrue();
  }

  @Test
  void aPasswordLastUsedExactlyTheLimitAgoIsKeptAndASecondMoreIsUnused() {
    assertThat(action.password(daysAgo(400), daysAgo(90), NOW).unused()).isFalse();
    assertThat(action.password(daysAgo(400), daysAgo(90).minusSeconds(1), NOW).unused()).isTrue();
  }

  @Test
  void aPasswordSetAgainAfterTheLastUseOfAnOlderOneCountsFromWhenItWasSet() {
    assertThat(action.password(daysAgo(5), daysAgo(200), NOW).unused()).isFalse();
    assertThat(action.password(daysAgo(91), daysAgo(200), NOW).unused()).isTrue();
  }

  @Test
  void aNeverUsedPasswordCountsFromItsCreation() {
    assertThat(action.password(daysAgo(91), null, NOW).unused()).isTrue();
    assertThat(action.password(daysAgo(10), null, NOW).unused()).isFalse();
  }

  @Test
  void theConfiguredMaximumReplacesSecurityHubsNinetyDays() {
    UnusedCredentials fortyFiveDays = new UnusedCredentials(ConfigLoader.fromYaml(
        "controls: {IAM.8: {mode: auto, max-credential-usage-age: P45D}}", Map.of()).policy().parameters());

    assertThat(fortyFiveDays.password(daysAgo(400), daysAgo(46), NOW).unused()).isTrue();
    assertThat(fortyFiveDays.password(daysAgo(400), daysAgo(44), NOW).unused()).isFalse();
  }

  @Test
  void theStateKeepsWhenThePasswordWasSetAndLastUsed() {
    UnusedCredentials.Password password = action.password(Instant.parse("2024-04-27T12:00:00Z"),
        Instant.parse("2025-03-02T08:30:00Z"), NOW);

    assertThat(password.created()).isEqualTo("2024-04-27T12:00:00Z");
    assertThat(password.lastUsed()).isEqualTo("2025-03-02T08:30:00Z");
  }
}
