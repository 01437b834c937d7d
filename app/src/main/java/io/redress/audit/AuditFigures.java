package io.redress.audit;

import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Finding;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The report's figures, computed from a joined trail: what was remediated per control, account and day, how long
 * an applied fix took from the finding's arrival, which exceptions were in force at the report's end, and every
 * breaker trip.
 *
 * @param outcomes decisions by outcome
 * @param results executor results by status
 * @param byControl, byAccount, byDay decisions that issued a command, by what became of it
 * @param timesToFix from a finding's arrival to the executor's {@code APPLIED} result, one per applied fix
 * @param exceptionsInForce at {@code asOf}, by scope key, with how many decisions in the report cited each
 * @param breakerTrips every breaker opening, in the order recorded
 */
public record AuditFigures(Instant asOf, int decisions, Map<Outcome, Integer> outcomes,
    Map<RemediationStatus, Integer> results, Map<String, Remediations> byControl, Map<String, Remediations> byAccount,
    Map<String, Remediations> byDay, List<Duration> timesToFix, Map<String, InForce> exceptionsInForce,
    List<BreakerState> breakerTrips, int unreadable) {

  /** Commands issued: executed for real, planned only (dry-run), held by the breaker. */
  public record Remediations(int auto, int dryRun, int held) {
    Remediations plus(Outcome outcome) {
      return switch (outcome) {
        case REMEDIATE -> new Remediations(auto + 1, dryRun, held);
        case DRY_RUN -> new Remediations(auto, dryRun + 1, held);
        case HELD -> new Remediations(auto, dryRun, held + 1);
        default -> this;
      };
    }

    public int total() {
      return auto + dryRun + held;
    }
  }

  public record InForce(ExceptionRecord exception, int decisionsExcepted) {
  }

  public static AuditFigures of(AuditTrail trail, Instant asOf) {
    List<AuditEntry> entries = trail.entries();
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    Map<RemediationStatus, Integer> results = new EnumMap<>(RemediationStatus.class);
    List<Duration> timesToFix = new ArrayList<>();
    Map<String, Integer> citations = new TreeMap<>();
    for (AuditEntry entry : entries) {
      Decision decision = entry.decision();
      outcomes.merge(decision.getOutcome(), 1, Integer::sum);
      entry.result().ifPresent(result -> {
        results.merge(result.getStatus(), 1, Integer::sum);
        if (result.getStatus() == RemediationStatus.APPLIED) {
          timesToFix.add(timeToFix(decision.getFinding(), result));
        }
      });
      if (decision.getException() != null) {
        citations.merge(decision.getException().getScopeKey(), 1, Integer::sum);
      }
    }
    Map<String, InForce> inForce = new TreeMap<>();
    trail.exceptions().inForceAt(asOf).forEach((key, exception) ->
        inForce.put(key, new InForce(exception, citations.getOrDefault(key, 0))));
    return new AuditFigures(asOf, entries.size(), outcomes, results,
        remediationsBy(entries, d -> d.getFinding().getControl() == null ? "-" : d.getFinding().getControl()),
        remediationsBy(entries, d -> d.getFinding().getResource().getAccount()),
        remediationsBy(entries, d -> d.getDecidedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString()),
        timesToFix.stream().sorted().toList(), inForce,
        trail.breakerChanges().stream().filter(state -> state.getStatus() == BreakerStatus.OPEN).toList(),
        trail.unreadable().size());
  }

  /**
   * From the finding's arrival to its fix. The arrival is the time the broker stamped on the raw finding's record
   * ({@code BrokerTime}); the observation is only the payload's word, and one claiming years ago would make Redress
   * look years slow. An executor's clock behind the broker's makes no time negative.
   */
  private static Duration timeToFix(Finding finding, RemediationResult result) {
    Duration toFix = Duration.between(finding.getReceivedAt(), result.getExecutedAt());
    return toFix.isNegative() ? Duration.ZERO : toFix;
  }

  private static Map<String, Remediations> remediationsBy(List<AuditEntry> entries, Function<Decision, String> key) {
    Map<String, Remediations> counts = new TreeMap<>();
    for (AuditEntry entry : entries) {
      Outcome outcome = entry.decision().getOutcome();
      if (outcome == Outcome.REMEDIATE || outcome == Outcome.DRY_RUN || outcome == Outcome.HELD) {
        counts.merge(key.apply(entry.decision()), new Remediations(0, 0, 0).plus(outcome),
            (a, b) -> new Remediations(a.auto() + b.auto(), a.dryRun() + b.dryRun(), a.held() + b.held()));
      }
    }
    return counts;
  }

  /** The time to fix at a quantile (0 to 1), nearest rank; zero when nothing was applied. */
  public Duration timeToFix(double quantile) {
    if (timesToFix.isEmpty()) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(quantile * timesToFix.size());
    return timesToFix.get(Math.max(0, Math.min(timesToFix.size() - 1, rank - 1)));
  }
}
