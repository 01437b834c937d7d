package io.redress.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.http.ReplayGuard.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final Instant SIGNED = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void aSignatureIsAcceptedOnceWhileItsTimestampIsInTheWindow() {
    ReplayGuard guard = new ReplayGuard(WINDOW, 10);

    assertThat(guard.reserve("prowler", "sig", SIGNED, SIGNED)).isEqualTo(Outcome.FRESH);
    assertThat(guard.reserve("prowler", "sig", SIGNED, SIGNED.plus(WINDOW).minusMillis(1)))
        .isEqualTo(Outcome.REPLAYED);
  }

  @Test
  void oneTickBeforeItsWindowEndsASignatureIsAcceptedOnceThenRefusedAsAReplayAndAtTheEndAsExpired() {
    ReplayGuard guard = new ReplayGuard(WINDOW, 10);
    Instant lastTick = SIGNED.plus(WINDOW).minusNanos(1);

    assertThat(guard.reserve("prowler", "sig", SIGNED, lastTick)).isEqualTo(Outcome.FRESH);
    assertThat(guard.reserve("prowler", "sig", SIGNED, lastTick)).isEqualTo(Outcome.REPLAYED);
    assertThat(guard.reserve("prowler", "sig", SIGNED, SIGNED.plus(WINDOW))).isEqualTo(Outcome.EXPIRED);
  }

  @Test
  void exactlyWhenItsWindowEndsASignatureNeverSeenBeforeIsRefusedAsExpired() {
    ReplayGuard guard = new ReplayGuard(WINDOW, 10);

    assertThat(guard.reserve("prowler", "sig", SIGNED, SIGNED.plus(WINDOW))).isEqualTo(Outcome.EXPIRED);
    assertThat(guard.remembered()).isZero();
  }

  @Test
  void aSignatureIsForgottenOnlyOnceItsWindowHasEnded() {
    ReplayGuard guard = new ReplayGuard(WINDOW, 10);
    guard.reserve("prowler", "sig", SIGNED, SIGNED);
    Instant end = SIGNED.plus(WINDOW);
    Instant afterEnd = end.plusNanos(1);

    guard.reserve("prowler", "other", end, end);
    assertThat(guard.remembered()).isEqualTo(2);

    guard.reserve("prowler", "third", afterEnd, afterEnd);
    assertThat(guard.remembered()).isEqualTo(2);
  }

  @Test
  void theSameSignatureFromAnotherSourceIsAnotherRequest() {
    ReplayGuard guard = new ReplayGuard(WINDOW, 10);
    guard.reserve("prowler", "sig", SIGNED, SIGNED);

    assertThat(guard.reserve("custodian", "sig", SIGNED, SIGNED)).isEqualTo(Outcome.FRESH);
  }

  @Test
  void aReleasedSignatureMayBeSentAgain() {
    ReplayGuard guard = new ReplayGuard(WINDOW, 10);
    guard.reserve("prowler", "sig", SIGNED, SIGNED);

    guard.release("prowler", "sig");

    assertThat(guard.reserve("prowler", "sig", SIGNED, SIGNED.plusSeconds(1))).isEqualTo(Outcome.FRESH);
  }

  @Test
  void aReleasedAndReservedAgainSignatureIsNotForgottenByItsEarlierExpiry() {
    ReplayGuard guard = new ReplayGuard(WINDOW, 10);
    guard.reserve("prowler", "sig", SIGNED, SIGNED);
    guard.release("prowler", "sig");
    guard.reserve("prowler", "sig", SIGNED.plusSeconds(60), SIGNED.plusSeconds(60));

    Instant afterFirstExpiry = SIGNED.plus(WINDOW).plusSeconds(1);

    assertThat(guard.reserve("prowler", "sig", SIGNED.plusSeconds(60), afterFirstExpiry))
        .isEqualTo(Outcome.REPLAYED);
  }

  @Test
  void whenFullItRefusesNewSignaturesRatherThanForgetOneStillInTheWindow() {
    ReplayGuard guard = new ReplayGuard(WINDOW, 2);
    guard.reserve("prowler", "a", SIGNED, SIGNED);
    guard.reserve("prowler", "b", SIGNED, SIGNED);

    assertThat(guard.reserve("prowler", "c", SIGNED, SIGNED)).isEqualTo(Outcome.FULL);
    assertThat(guard.reserve("prowler", "a", SIGNED, SIGNED)).isEqualTo(Outcome.REPLAYED);
    Instant afterTheirWindow = SIGNED.plus(WINDOW).plusNanos(1);
    assertThat(guard.reserve("prowler", "c", afterTheirWindow, afterTheirWindow)).isEqualTo(Outcome.FRESH);
  }

  @Test
  void aSignatureIsForgottenWhenItsWindowEndsEvenBehindOneSignedLaterButSentFirst() {
    ReplayGuard guard = new ReplayGuard(WINDOW, 2);
    Instant aMinuteLater = SIGNED.plus(Duration.ofMinutes(1));
    guard.reserve("prowler", "signed-later", aMinuteLater, aMinuteLater);
    guard.reserve("prowler", "signed-earlier", SIGNED, aMinuteLater);

    Instant afterTheEarlierWindow = SIGNED.plus(WINDOW).plusNanos(1);
    assertThat(guard.reserve("prowler", "c", afterTheEarlierWindow, afterTheEarlierWindow)).isEqualTo(Outcome.FRESH);
    assertThat(guard.reserve("prowler", "signed-later", aMinuteLater, afterTheEarlierWindow))
        .isEqualTo(Outcome.REPLAYED);
  }
}
