package io.redress.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CooldownTest {

  private final Cooldown cooldown = new Cooldown(Duration.ofMillis(1_000));

  @Test
  void aFindingBeforeTheCooldownEndsIsADuplicateSayingUntilWhen() {
    assertThat(cooldown.judge("S3.8", 0, 999)).hasValueSatisfying(verdict -> {
      assertThat(verdict).isInstanceOf(Verdict.Duplicate.class);
      assertThat(verdict.reason()).isEqualTo("S3.8 on this resource was already handled at 1970-01-01T00:00:00Z;"
          + " in cool-down until 1970-01-01T00:00:01Z");
    });
  }

  @Test
  void aFindingWhenTheCooldownEndsIsNotADuplicate() {
    assertThat(cooldown.judge("S3.8", 0, 1_000)).isEmpty();
  }

  @Test
  void anEntryIsOverExactlyWhenItsCooldownEndsAndNotBefore() {
    assertThat(cooldown.over(0, 999)).isFalse();
    assertThat(cooldown.over(0, 1_000)).isTrue();
  }

  @Test
  void aRequestsEventDeliveredAgainBeforeTheCooldownEndsIsADuplicateNamingTheEvent() {
    assertThat(cooldown.judgeRedelivery("S3.8", "event-1", 0, 999)).hasValueSatisfying(verdict -> {
      assertThat(verdict).isInstanceOf(Verdict.Duplicate.class);
      assertThat(verdict.reason()).isEqualTo("the request for S3.8 on this resource in event event-1 was already"
          + " decided at 1970-01-01T00:00:00Z; EventBridge delivers an event at least once, and this is the same"
          + " event again");
    });
  }

  @Test
  void aRequestsEventDeliveredAgainWhenTheCooldownEndsIsActedOn() {
    assertThat(cooldown.judgeRedelivery("S3.8", "event-1", 0, 1_000)).isEmpty();
  }
}
