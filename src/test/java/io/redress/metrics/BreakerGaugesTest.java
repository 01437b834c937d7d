package io.redress.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The breaker's state per scope, as the breaker topic tells it, read as a gauge: 1 open, 0 closed. */
class BreakerGaugesTest {

  private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BreakerGauges gauges = new BreakerGauges(registry, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aScopeWithNoStateHasNoGauge() {
    assertThat(registry.find("redress.breaker.open").gauges()).isEmpty();
  }

  @Test
  void anOpenBreakerReadsOneForItsScopeOnly() {
    gauges.update("control:S3.8", open("control:S3.8", NOW.plus(Duration.ofMinutes(30))));
    gauges.update("global", closed("global"));

    assertThat(open("control:S3.8")).isEqualTo(1);
    assertThat(open("global")).isZero();
  }

  @Test
  void aBreakerThatClosedAgainReadsZero() {
    gauges.update("account:111122223333", open("account:111122223333", NOW.plus(Duration.ofMinutes(30))));
    gauges.update("account:111122223333", closed("account:111122223333"));

    assertThat(open("account:111122223333")).isZero();
    assertThat(registry.find("redress.breaker.open").gauges()).hasSize(1);
  }

  @Test
  void anOpenBreakerPastItsReopeningTimeReadsZeroBeforeTheTopicSaysItClosed() {
    gauges.update("global", open("global", NOW));

    assertThat(open("global")).isZero();
  }

  @Test
  void anOpenBreakerUntilItsReopeningTimeReadsOne() {
    gauges.update("global", open("global", NOW.plusMillis(1)));

    assertThat(open("global")).isEqualTo(1);
  }

  @Test
  void aTombstoneForgetsTheScopeWhichReadsAsClosed() {
    gauges.update("control:EC2.19", open("control:EC2.19", NOW.plus(Duration.ofHours(1))));
    gauges.update("control:EC2.19", null);

    assertThat(open("control:EC2.19")).isZero();
  }

  private double open(String scope) {
    return registry.get("redress.breaker.open").tag("scope", scope).gauge().value();
  }

  private static BreakerState open(String scope, Instant reopensAt) {
    return state(scope, BreakerStatus.OPEN).setOpenedAt(NOW.minus(Duration.ofMinutes(1))).setOpenedBy("command-1")
        .setReopensAt(reopensAt).setReason("tripped").build();
  }

  private static BreakerState closed(String scope) {
    return state(scope, BreakerStatus.CLOSED).setReason("closed").build();
  }

  private static BreakerState.Builder state(String scope, BreakerStatus status) {
    return BreakerState.newBuilder().setScope(scope).setStatus(status).setCount(3).setThreshold(2)
        .setWindowMillis(300_000).setUpdatedAt(NOW);
  }
}
