package io.redress.audit;

import static io.redress.audit.History.decided;
import static io.redress.audit.History.exception;
import static io.redress.audit.History.excepted;
import static io.redress.audit.History.trip;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditFiguresTest {

  private static final Instant DAY_ONE = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant DAY_TWO = Instant.parse("2026-11-02T10:00:00Z");
  private static final String SCOPE = "control=S3.8;resource=arn:aws:s3:::site";

  @Test
  void aDecisionIsJoinedWithItsCommandItsResultAndTheExceptionAsItWasWhenDecided() {
    Decision fixed = decided("a", "S3.8", "111122223333", Outcome.REMEDIATE, DAY_ONE);
    AuditTrail trail = new History()
        .exception(SCOPE, exception("arn:aws:s3:::site", "first@example.com", DAY_ONE, DAY_TWO), DAY_ONE)
        .exception(SCOPE, exception("arn:aws:s3:::site", "second@example.com", DAY_TWO, DAY_TWO.plusSeconds(9)), DAY_TWO)
        .decisionAndCommand(fixed)
        .result(fixed, RemediationStatus.APPLIED, DAY_ONE.plusSeconds(5))
        .decision(excepted("site", SCOPE, DAY_ONE.plusSeconds(60)))
        .trail();

    assertThat(trail.entries()).hasSize(2);
    AuditEntry first = trail.entries().get(0);
    assertThat(first.command()).hasValueSatisfying(c -> assertThat(c.getCommandId()).isEqualTo(fixed.getCommandId()));
    assertThat(first.result()).hasValueSatisfying(r -> assertThat(r.getStatus()).isEqualTo(RemediationStatus.APPLIED));
    assertThat(trail.entries().get(1).exception())
        .hasValueSatisfying(e -> assertThat(e.getCreatedBy()).isEqualTo("first@example.com"));
  }

  @Test
  void remediationsAreCountedPerControlAccountAndDayByWhatBecameOfTheirCommand() {
    AuditTrail trail = new History()
        .decisionAndCommand(decided("a", "S3.8", "111122223333", Outcome.REMEDIATE, DAY_ONE))
        .decisionAndCommand(decided("b", "S3.8", "111122223333", Outcome.HELD, DAY_ONE.plusSeconds(1)))
        .decisionAndCommand(decided("c", "S3.2", "444455556666", Outcome.DRY_RUN, DAY_TWO))
        .decision(decided("d", "S3.2", "444455556666", Outcome.DUPLICATE, DAY_TWO))
        .trail();

    AuditFigures figures = AuditFigures.of(trail, DAY_TWO);

    assertThat(figures.byControl()).containsEntry("S3.8", new AuditFigures.Remediations(1, 0, 1))
        .containsEntry("S3.2", new AuditFigures.Remediations(0, 1, 0));
    assertThat(figures.byAccount()).containsEntry("444455556666", new AuditFigures.Remediations(0, 1, 0));
    assertThat(figures.byDay()).containsEntry("2026-11-01", new AuditFigures.Remediations(1, 0, 1))
        .containsEntry("2026-11-02", new AuditFigures.Remediations(0, 1, 0));
    assertThat(figures.outcomes()).containsEntry(Outcome.DUPLICATE, 1).containsEntry(Outcome.REMEDIATE, 1);
  }

  @Test
  void timeToFixRunsFromTheFindingsArrivalToAnAppliedResultOnly() {
    Decision applied = decided("a", "S3.8", "111122223333", Outcome.REMEDIATE, DAY_ONE);
    Decision compliant = decided("b", "S3.8", "111122223333", Outcome.REMEDIATE, DAY_ONE);
    AuditTrail trail = new History()
        .decisionAndCommand(applied).result(applied, RemediationStatus.APPLIED, DAY_ONE.plusSeconds(30))
        .decisionAndCommand(compliant).result(compliant, RemediationStatus.ALREADY_COMPLIANT, DAY_ONE)
        .trail();

    AuditFigures figures = AuditFigures.of(trail, DAY_TWO);

    // received nine minutes before the decision (History.decided), fixed 30 s after it
    assertThat(figures.timesToFix()).containsExactly(Duration.ofMinutes(9).plusSeconds(30));
    assertThat(figures.results()).containsEntry(RemediationStatus.APPLIED, 1)
        .containsEntry(RemediationStatus.ALREADY_COMPLIANT, 1);
  }

  @Test
  void anObservationStampedAfterTheFindingArrivedCountsFromItsArrivalAndNoTimeToFixIsNegative() {
    Decision aheadOfTime = decided("a", "S3.8", "111122223333", Outcome.REMEDIATE, DAY_ONE);
    aheadOfTime.getFinding().setObservedAt(DAY_ONE.plus(Duration.ofHours(20)));
    Decision skewedExecutor = decided("b", "S3.8", "111122223333", Outcome.REMEDIATE, DAY_ONE);
    AuditTrail trail = new History()
        .decisionAndCommand(aheadOfTime).result(aheadOfTime, RemediationStatus.APPLIED, DAY_ONE.plusSeconds(30))
        .decisionAndCommand(skewedExecutor)
        .result(skewedExecutor, RemediationStatus.APPLIED, DAY_ONE.minus(Duration.ofMinutes(12)))
        .trail();

    // received nine minutes before the decision (History.decided), fixed 30 s after it
    assertThat(AuditFigures.of(trail, DAY_TWO).timesToFix())
        .containsExactly(Duration.ZERO, Duration.ofMinutes(9).plusSeconds(30));
  }

  @Test
  void aFindingWhosePayloadClaimsAnObservationYearsAgoCountsFromItsArrival() {
    Decision backdated = decided("a", "S3.8", "111122223333", Outcome.REMEDIATE, DAY_ONE);
    backdated.getFinding().setObservedAt(Instant.parse("2019-01-01T00:00:00Z"));
    AuditTrail trail = new History()
        .decisionAndCommand(backdated).result(backdated, RemediationStatus.APPLIED, DAY_ONE.plusSeconds(30))
        .trail();

    assertThat(AuditFigures.of(trail, DAY_TWO).timesToFix()).containsExactly(Duration.ofMinutes(9).plusSeconds(30));
  }

  @Test
  void anExceptionIsInForceFromItsRecordUntilItExpiresOrIsRevoked() {
    String revoked = "resource=arn:aws:s3:::revoked";
    AuditTrail trail = new History()
        .exception(SCOPE, exception("arn:aws:s3:::site", "web@example.com", DAY_ONE, DAY_TWO), DAY_ONE)
        .exception(revoked, exception("arn:aws:s3:::revoked", "x@example.com", DAY_ONE, DAY_TWO), DAY_ONE)
        .exception(revoked, null, DAY_ONE.plusSeconds(60))
        .decision(excepted("site", SCOPE, DAY_ONE.plusSeconds(1)))
        .trail();

    assertThat(AuditFigures.of(trail, DAY_ONE.minusMillis(1)).exceptionsInForce()).isEmpty();
    assertThat(AuditFigures.of(trail, DAY_ONE.plusSeconds(30)).exceptionsInForce()).containsOnlyKeys(SCOPE, revoked);
    assertThat(AuditFigures.of(trail, DAY_ONE.plusSeconds(60)).exceptionsInForce()).containsOnlyKeys(SCOPE);
    assertThat(AuditFigures.of(trail, DAY_ONE.plusSeconds(60)).exceptionsInForce().get(SCOPE).decisionsExcepted())
        .isEqualTo(1);
    assertThat(AuditFigures.of(trail, DAY_TWO).exceptionsInForce()).isEmpty();
  }

  @Test
  void everyBreakerOpeningIsATripAndAnUnreadableRecordIsCountedNotFatal() {
    AuditTrail trail = new History()
        .breaker(trip("account:111122223333", DAY_ONE))
        .unreadable(Topics.UNPREFIXED.decisions())
        .breaker(trip("global", DAY_TWO))
        .trail();

    AuditFigures figures = AuditFigures.of(trail, DAY_TWO);

    assertThat(figures.breakerTrips()).extracting(s -> s.getScope()).containsExactly("account:111122223333", "global");
    assertThat(figures.unreadable()).isEqualTo(1);
    assertThat(trail.unreadable()).singleElement().asString().startsWith("redress.decisions-0@1: ");
  }

  @Test
  void theTimeToFixQuantilesAreNearestRank() {
    AuditFigures figures = new AuditFigures(DAY_ONE, 0, java.util.Map.of(), java.util.Map.of(), java.util.Map.of(),
        java.util.Map.of(), java.util.Map.of(),
        java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(Duration::ofMinutes).toList(), java.util.Map.of(),
        java.util.List.of(), 0);
    assertThat(figures.timeToFix(0.5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(figures.timeToFix(0.9)).isEqualTo(Duration.ofMinutes(9));
    assertThat(figures.timeToFix(1.0)).isEqualTo(Duration.ofMinutes(10));
  }
}
