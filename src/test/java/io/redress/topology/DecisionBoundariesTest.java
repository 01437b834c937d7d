package io.redress.topology;

import static io.redress.topology.TopologyFixture.ACCOUNT;
import static io.redress.topology.TopologyFixture.REGION;
import static io.redress.topology.TopologyFixture.bucketFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.Scope;
import io.redress.testing.SecurityHubEvents;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The edges of every time rule, pinned to the millisecond through the production topology: an exception at its
 * expiry, the end of a cool-down, the breaker's window and its re-close time. Each edge is tested from both sides,
 * so that {@code >} and {@code >=} cannot be swapped unnoticed.
 */
class DecisionBoundariesTest {

  private static final Duration COOLDOWN = Duration.ofHours(1);
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final Duration OPEN_FOR = Duration.ofMinutes(30);

  private final TopologyFixture redress = new TopologyFixture("""
      controls: {S3.8: {mode: auto}, S3.2: {mode: auto}, S3.5: {mode: auto}}
      cooldown: PT1H
      breaker:
        window: PT5M
        open-for: PT30M
        thresholds: {global: 1000, account: 1000, control: 2}
      """);

  @AfterEach
  void close() {
    redress.close();
  }

  @Test
  void anExceptionExpiringAtTheVeryMomentOfTheFindingNoLongerApplies() {
    redress.except(resource("arn:aws:s3:::edge"), redress.now());
    redress.send(bucketFinding("edge", "S3.8"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.REMEDIATE);
    assertThat(decision.getExpiredExceptions()).hasSize(1);
  }

  @Test
  void anExceptionExpiringOneMillisecondAfterTheFindingStillApplies() {
    redress.except(resource("arn:aws:s3:::edge"), redress.now().plusMillis(1));
    redress.send(bucketFinding("edge", "S3.8"));

    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.EXCEPTED);
  }

  @Test
  void aFindingOneMillisecondBeforeTheCooldownEndsIsADuplicate() {
    redress.send(bucketFinding("again", "S3.8"));
    redress.advance(COOLDOWN.minusMillis(1));
    redress.send(bucketFinding("again", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.DUPLICATE);
  }

  @Test
  void aFindingExactlyWhenTheCooldownEndsIsActedOn() {
    redress.send(bucketFinding("again", "S3.8"));
    redress.advance(COOLDOWN);
    redress.send(bucketFinding("again", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE);
  }

  @Test
  void anAdmissionOneWindowMinusAMillisecondAgoStillCounts() {
    redress.send(bucketFinding("first", "S3.8"));
    redress.send(bucketFinding("second", "S3.8"));
    redress.advance(WINDOW.minusMillis(1));
    redress.send(bucketFinding("third", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.HELD);
  }

  @Test
  void anAdmissionExactlyOneWindowAgoNoLongerCounts() {
    redress.send(bucketFinding("first", "S3.8"));
    redress.send(bucketFinding("second", "S3.8"));
    redress.advance(WINDOW);
    redress.send(bucketFinding("third", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.REMEDIATE);
  }

  @Test
  void theThresholdItselfIsAdmittedAndOneMoreTripsTheBreaker() {
    redress.send(bucketFinding("one", "S3.8"));
    redress.send(bucketFinding("two", "S3.8"));
    redress.send(bucketFinding("three", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.HELD);
    BreakerState opened = redress.breaker.readValue();
    assertThat(opened.getScope()).isEqualTo("control:S3.8");
    assertThat(opened.getCount()).isEqualTo(3);
    assertThat(opened.getThreshold()).isEqualTo(2);
  }

  @Test
  void anOpenBreakerStillHoldsOneMillisecondBeforeItReopens() {
    tripTheControlBreaker();
    redress.advance(OPEN_FOR.minusMillis(1));
    redress.send(bucketFinding("waiting", "S3.8"));

    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.HELD);
  }

  @Test
  void anOpenBreakerClosesExactlyWhenItsOpenPeriodEnds() {
    tripTheControlBreaker();
    redress.advance(OPEN_FOR);
    redress.send(bucketFinding("released", "S3.8"));

    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.REMEDIATE);
    assertThat(redress.breaker.readValue().getStatus()).isEqualTo(BreakerStatus.CLOSED);
  }

  @Test
  void aBreakerThatClosedItselfAdmitsLaterCommandsAndStaysClosed() {
    tripTheControlBreaker();
    redress.advance(OPEN_FOR);
    redress.send(bucketFinding("released", "S3.8"));
    redress.send(bucketFinding("after", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE);
    assertThat(redress.breaker.readValuesToList()).extracting(BreakerState::getStatus)
        .containsExactly(BreakerStatus.CLOSED);
  }

  @Test
  void aRegionScopedExceptionCoversTheRegionAndNoOther() {
    redress.except(new Scope(ACCOUNT, REGION, null, null, null), redress.now().plus(Duration.ofDays(1)));
    redress.send(bucketFinding("here", "S3.8"));
    redress.send(TopologyFixture.finding("arn:aws:s3:::there", "AwsS3Bucket", ACCOUNT, "S3.8"));

    Decision here = redress.decisions.readValue();
    assertThat(here.getOutcome()).isEqualTo(Outcome.EXCEPTED);
    assertThat(here.getException().getScopeKey()).isEqualTo("account=" + ACCOUNT + ";region=" + REGION);
  }

  @Test
  void anExceptionForAnotherRegionDoesNotApply() {
    redress.except(new Scope(null, "eu-west-1", "S3.8", null, null), redress.now().plus(Duration.ofDays(1)));
    redress.send(bucketFinding("here", "S3.8"));

    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.REMEDIATE);
  }

  @Test
  void aRegionAndControlScopedExceptionCoversThatControlAndThoseOfItsActionOnly() {
    redress.except(new Scope(null, REGION, "S3.8", null, null), redress.now().plus(Duration.ofDays(1)));
    redress.send(bucketFinding("covered", "S3.8"));
    redress.send(bucketFinding("covered", "S3.2"));
    redress.send(bucketFinding("covered", "S3.5"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.EXCEPTED, Outcome.EXCEPTED, Outcome.REMEDIATE);
  }

  /**
   * A producer can stamp a record with any time. Stamped in year 99999, a finding would find every exception
   * expired; it is judged at the time it was read instead.
   */
  @Test
  void aFindingStampedFarInTheFutureIsJudgedAtTheTimeItWasReadNotTheTimeItClaims() {
    redress.except(resource("arn:aws:s3:::forged"), redress.now().plus(Duration.ofDays(1)));
    redress.sendStamped(bucketFinding("forged", "S3.8"), Instant.parse("+99999-01-01T00:00:00Z"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.EXCEPTED);
    assertThat(decision.getDecidedAt()).isEqualTo(redress.now());
  }

  @Test
  void aRawEventStampedFarInTheFutureIsDecidedAtTheTimeItWasRead() {
    redress.sendRawStamped(SecurityHubEvents.publicBucket(ACCOUNT, "forged-raw", redress.now()),
        Instant.parse("+99999-01-01T00:00:00Z"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getDecidedAt()).isEqualTo(redress.now());
    assertThat(decision.getFinding().getReceivedAt()).isEqualTo(redress.now());
  }

  @Test
  void aForgedFutureTimeDoesNotSweepTheCooldown() {
    redress.send(bucketFinding("in-cooldown", "S3.8"));
    redress.sendStamped(bucketFinding("forged", "S3.2"), Instant.parse("+99999-01-01T00:00:00Z"));
    redress.advance(Duration.ofMinutes(1));
    redress.send(bucketFinding("in-cooldown", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.DUPLICATE);
  }

  private void tripTheControlBreaker() {
    redress.send(bucketFinding("one", "S3.8"));
    redress.send(bucketFinding("two", "S3.8"));
    redress.send(bucketFinding("three", "S3.8"));
    redress.decisions.readValuesToList();
    redress.breaker.readValuesToList();
  }

  private static Scope resource(String id) {
    return new Scope(null, null, null, id, null);
  }
}
