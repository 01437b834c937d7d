package io.redress.topology;

import static io.redress.topology.TopologyFixture.bucketFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What people do to the breaker, through the production topology: a reset closes an open scope at once and the
 * scope counts afresh from it; with half-open configured an open scope tests the water after its cool-down, each
 * edge pinned to the millisecond and to the command.
 */
class BreakerOperationsTest {

  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final Duration HALF_OPEN_AFTER = Duration.ofMinutes(10);
  private static final int THRESHOLD = 2;
  private static final int TRICKLE = 1;

  private final TopologyFixture redress = new TopologyFixture("""
      controls: {S3.8: {mode: auto}}
      breaker:
        window: PT5M
        open-for: PT30M
        half-open-after: PT10M
        half-open-trickle: %d
        thresholds: {global: 1000, account: 1000, control: %d}
      """.formatted(TRICKLE, THRESHOLD));

  @AfterEach
  void close() {
    redress.close();
  }

  @Test
  void aResetClosesAnOpenScopeWithWhoAndWhyAndAdmitsAgainAtOnce() {
    tripTheControlBreaker();
    redress.advance(Duration.ofSeconds(1));
    redress.reset("control:S3.8", "alice", "the flood was a test stack");
    redress.send(bucketFinding("after-reset", "S3.8"));

    BreakerState closed = redress.breaker.readValue();
    assertThat(closed.getStatus()).isEqualTo(BreakerStatus.CLOSED);
    assertThat(closed.getResetBy()).isEqualTo("alice");
    assertThat(closed.getReason()).contains("alice").contains("the flood was a test stack");
    assertThat(closed.getUpdatedAt()).isEqualTo(redress.now());
    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.REMEDIATE);
  }

  @Test
  void afterAResetTheScopeCountsAfreshAndTripsAgainOnlyPastItsThreshold() {
    tripTheControlBreaker();
    redress.advance(Duration.ofMillis(1));
    redress.reset("control:S3.8", "alice", "fixed the template");
    for (int i = 0; i <= THRESHOLD; i++) {
      redress.send(bucketFinding("after-" + i, "S3.8"));
    }

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.HELD);
    assertThat(redress.breaker.readValuesToList()).extracting(BreakerState::getStatus)
        .containsExactly(BreakerStatus.CLOSED, BreakerStatus.OPEN);
  }

  /**
   * Findings of the flood still in the backlog when a person resets the scope carry times from before the reset: they
   * are counted with the flood's admissions, so the reset lets new work through and the flood's backlog is held.
   */
  @Test
  void aBacklogStampedBeforeAResetIsCountedWithTheFloodAndHeld() {
    Instant flood = redress.now();
    tripTheControlBreaker();
    redress.advance(Duration.ofSeconds(30));
    redress.reset("control:S3.8", "alice", "looked like a test stack");
    for (int i = 0; i < 3; i++) {
      // after the flood's admissions, before the reset: counted with the flood, not only with its own millisecond
      redress.sendStamped(bucketFinding("backlog-" + i, "S3.8"), flood.plusSeconds(10).plusMillis(i));
    }

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.HELD, Outcome.HELD, Outcome.HELD);
  }

  @Test
  void aCommandStampedAtTheResetsVeryMillisecondCountsAfresh() {
    tripTheControlBreaker();
    redress.advance(Duration.ofSeconds(30));
    Instant resetAt = redress.now();
    redress.reset("control:S3.8", "alice", "fixed the template");
    redress.sendStamped(bucketFinding("at-the-reset", "S3.8"), resetAt);

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome).containsExactly(Outcome.REMEDIATE);
  }

  /**
   * A reset is stamped by a person's clock, which a lagging breaker has not reached: the commands after it are not
   * counted at that time, which would forget the other scopes' admissions of the last window, and the reset scope's
   * backlog is counted with the flood's admissions.
   */
  @Test
  void aResetAheadOfTheBreakersTimeLeavesEveryScopesCountsTheResetOnesToo() {
    try (TopologyFixture lagging = new TopologyFixture("""
        controls: {S3.8: {mode: auto}, S3.2: {mode: auto}}
        breaker: {window: PT5M, open-for: PT30M, thresholds: {global: 4, account: 1000, control: 2}}
        """)) {
      lagging.advance(Duration.ofMinutes(10));
      Instant behind = lagging.now().minus(Duration.ofMinutes(6));
      lagging.sendStamped(bucketFinding("a", "S3.2"), behind);
      lagging.sendStamped(bucketFinding("b", "S3.8"), behind);
      lagging.sendStamped(bucketFinding("c", "S3.8"), behind);
      lagging.sendStamped(bucketFinding("d", "S3.8"), behind);
      lagging.reset("control:S3.8", "alice", "fixed the template");
      lagging.sendStamped(bucketFinding("e", "S3.8"), behind.plusSeconds(1));
      lagging.sendStamped(bucketFinding("f", "S3.2"), behind.plusSeconds(2));
      lagging.sendStamped(bucketFinding("g", "S3.2"), behind.plusSeconds(3));

      assertThat(lagging.allDecisions()).extracting(Decision::getOutcome)
          .as("control:S3.8 counts b and c with e; global counts a, b, c, f and g")
          .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.HELD, Outcome.HELD,
              Outcome.REMEDIATE, Outcome.HELD);
    }
  }

  @Test
  void aResetOfAScopeThatIsNotOpenChangesNothing() {
    redress.reset("control:S3.8", "alice", "just in case");
    redress.reset("account:999999999999", "alice", "just in case");

    assertThat(redress.breaker.isEmpty()).isTrue();
  }

  @Test
  void anOpenScopeStillHoldsOneMillisecondBeforeItsHalfOpenCooldownEnds() {
    tripTheControlBreaker();
    redress.advance(HALF_OPEN_AFTER.minusMillis(1));
    redress.send(bucketFinding("too-early", "S3.8"));

    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.HELD);
    assertThat(redress.breaker.isEmpty()).isTrue();
  }

  @Test
  void exactlyAtTheEndOfTheCooldownTheScopeHalfOpensAndAdmitsItsTrickleThenHolds() {
    tripTheControlBreaker();
    redress.advance(HALF_OPEN_AFTER);
    redress.send(bucketFinding("trickle", "S3.8"));
    redress.send(bucketFinding("past-trickle", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.HELD);
    BreakerState trial = redress.breaker.readValuesToList().get(0);
    assertThat(trial.getStatus()).isEqualTo(BreakerStatus.OPEN);
    assertThat(trial.getHalfOpenSince()).isEqualTo(redress.now());
    assertThat(trial.getReopensAt()).isEqualTo(redress.now().plus(WINDOW));
  }

  @Test
  void oneCommandMoreThanTheThresholdDuringTheTrialOpensTheScopeAgain() {
    tripTheControlBreaker();
    redress.advance(HALF_OPEN_AFTER);
    for (int i = 0; i <= THRESHOLD; i++) {
      redress.send(bucketFinding("trial-" + i, "S3.8"));
    }

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.HELD, Outcome.HELD);
    BreakerState last = redress.breaker.readValuesToList().get(THRESHOLD + 1);
    assertThat(last.getStatus()).isEqualTo(BreakerStatus.OPEN);
    assertThat(last.getHalfOpenSince()).isNull();
    assertThat(last.getOpenedAt()).isEqualTo(redress.now());
    assertThat(last.getReopensAt()).isEqualTo(redress.now().plus(HALF_OPEN_AFTER));
  }

  @Test
  void aTrialThatSawNoMoreThanTheThresholdClosesExactlyAtItsEnd() {
    tripTheControlBreaker();
    redress.advance(HALF_OPEN_AFTER);
    redress.send(bucketFinding("trickle", "S3.8"));
    redress.advance(WINDOW.minusMillis(1));
    redress.send(bucketFinding("last-in-trial", "S3.8"));
    redress.advance(Duration.ofMillis(1));
    redress.send(bucketFinding("after-trial", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.HELD, Outcome.REMEDIATE);
    assertThat(redress.breaker.readValuesToList()).last().satisfies(state -> {
      assertThat(state.getStatus()).isEqualTo(BreakerStatus.CLOSED);
      assertThat(state.getReason()).contains("half-open trial passed");
    });
  }

  @Test
  void withoutHalfOpenConfiguredAnOpenScopeStillClosesByItselfAfterItsOpenPeriod() {
    try (TopologyFixture plain = new TopologyFixture("""
        controls: {S3.8: {mode: auto}}
        breaker: {window: PT5M, open-for: PT30M, thresholds: {global: 1000, account: 1000, control: 2}}
        """)) {
      for (int i = 0; i <= THRESHOLD; i++) {
        plain.send(bucketFinding("flood-" + i, "S3.8"));
      }
      plain.advance(HALF_OPEN_AFTER);
      plain.send(bucketFinding("no-trial", "S3.8"));

      assertThat(plain.allDecisions()).extracting(Decision::getOutcome).last().isEqualTo(Outcome.HELD);
    }
  }

  private void tripTheControlBreaker() {
    for (int i = 0; i <= THRESHOLD; i++) {
      redress.send(bucketFinding("flood-" + i, "S3.8"));
    }
    assertThat(redress.allDecisions()).extracting(Decision::getOutcome).last().isEqualTo(Outcome.HELD);
    assertThat(redress.breaker.readValuesToList()).extracting(BreakerState::getStatus)
        .containsExactly(BreakerStatus.OPEN);
  }
}
