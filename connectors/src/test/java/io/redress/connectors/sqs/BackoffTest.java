package io.redress.connectors.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void pausesStartAtOneSecondAndDoubleUpToTheLimit() {
    Backoff backoff = new Backoff(Duration.ofSeconds(5));

    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.failures()).isEqualTo(5);
  }

  @Test
  void aSuccessStartsOver() {
    Backoff backoff = new Backoff(Duration.ofMinutes(1));
    backoff.failed();
    backoff.failed();

    backoff.succeeded();

    assertThat(backoff.failures()).isZero();
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aLimitBelowTheFirstPauseIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(999))).isInstanceOf(IllegalArgumentException.class);
  }
}
