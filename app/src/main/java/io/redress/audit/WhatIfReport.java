package io.redress.audit;

import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.Outcome;
import io.redress.contract.Resource;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a proposed configuration changes, decision by decision, against what was recorded.
 *
 * @param outcomes per control, decisions by outcome, recorded and proposed
 * @param changes every decision whose outcome would differ; one without a recorded side is a finding whose decision
 *     is no longer on the decisions topic, one without a proposed side a recorded decision whose finding is gone
 * @param remediated the resources the proposal would remediate, with the decision that would do it
 * @param exceptionsApplied per exception scope key, decisions it excepts, recorded and proposed
 * @param refusedAtIngest the recorded findings the proposal's {@code ingest.sources} would refuse, with the reason
 */
public record WhatIfReport(Instant from, Instant replayedFrom, int proposedDecisions,
    Map<String, Map<Outcome, Count>> outcomes, List<Change> changes, Map<String, Decision> remediated,
    List<BreakerState> recordedTrips, List<BreakerState> proposedTrips, Map<String, Count> exceptionsApplied,
    List<String> unreadable, List<Refused> refusedAtIngest) {

  public record Count(int recorded, int proposed) {
    Count plus(int recordedMore, int proposedMore) {
      return new Count(recorded + recordedMore, proposed + proposedMore);
    }
  }

  /**
   * A decision whose outcome the proposal changes; either side may be absent (see {@link WhatIfReport}), and a
   * recorded one without a proposed side says why when the proposal refuses its finding at ingest.
   */
  public record Change(Decision recorded, Decision proposed, Optional<String> refusedAtIngest) {
    Change(Decision recorded, Decision proposed) {
      this(recorded, proposed, Optional.empty());
    }
  }

  /** A recorded finding the proposal would refuse before deciding it, and why. */
  public record Refused(Finding finding, String reason) {
  }

  /**
   * Collects both sides, then pairs them by what a decision's id is made of (the finding, its observation time and
   * control, and when it was decided), not by the id itself: decisions recorded before the id took the decision's time
   * in carry ids of the older form, and would otherwise each be reported as a change.
   */
  static final class Builder {
    private final Instant from;
    private final Instant replayedFrom;
    private final Map<Pairing, Deque<Decision>> recorded = new LinkedHashMap<>();
    private final List<Decision> proposed = new ArrayList<>();
    private final List<BreakerState> recordedTrips = new ArrayList<>();
    private final List<BreakerState> proposedTrips = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private final Map<FindingKey, Refused> refused = new LinkedHashMap<>();

    Builder(Instant from, Instant replayedFrom) {
      this.from = from;
      this.replayedFrom = replayedFrom;
    }

    void recorded(Decision decision) {
      recorded.computeIfAbsent(pairing(decision), key -> new ArrayDeque<>()).add(decision);
    }

    void proposed(Decision decision) {
      proposed.add(decision);
    }

    void recordedTrip(BreakerState state) {
      recordedTrips.add(state);
    }

    void proposedTrip(BreakerState state) {
      proposedTrips.add(state);
    }

    void unreadable(String position) {
      unreadable.add(position);
    }

    void refused(Finding finding, String reason) {
      refused.putIfAbsent(FindingKey.of(finding), new Refused(finding, reason));
    }

    /** The finding a decision was made on, as what-if and the decision's id tell findings apart. */
    private record FindingKey(String findingId, Instant observedAt, String control) {
      static FindingKey of(Finding finding) {
        return new FindingKey(finding.getFindingId(), finding.getObservedAt(), finding.getControl());
      }
    }

    /** What a decision's id is made of: the finding and when it was decided. */
    private record Pairing(FindingKey finding, Instant decidedAt) {
    }

    private static Pairing pairing(Decision decision) {
      return new Pairing(FindingKey.of(decision.getFinding()), decision.getDecidedAt());
    }

    WhatIfReport build() {
      Map<String, Map<Outcome, Count>> outcomes = new TreeMap<>();
      Map<String, Count> exceptions = new TreeMap<>();
      List<Change> changes = new ArrayList<>();
      Map<String, Decision> remediated = new TreeMap<>();
      for (Decision decision : proposed) {
        Deque<Decision> before = recorded.get(pairing(decision));
        Decision old = before == null ? null : before.pollFirst();
        count(outcomes, exceptions, old, 1, 0);
        count(outcomes, exceptions, decision, 0, 1);
        if (old == null || old.getOutcome() != decision.getOutcome()) {
          changes.add(new Change(old, decision));
        }
        if (decision.getOutcome() == Outcome.REMEDIATE) {
          remediated.putIfAbsent(describe(decision.getFinding().getResource()), decision);
        }
      }
      recorded.values().forEach(left -> left.forEach(old -> {
        count(outcomes, exceptions, old, 1, 0);
        changes.add(new Change(old, null, Optional.ofNullable(refused.get(FindingKey.of(old.getFinding())))
            .map(Refused::reason)));
      }));
      return new WhatIfReport(from, replayedFrom, proposed.size(), outcomes, changes, remediated,
          List.copyOf(recordedTrips), List.copyOf(proposedTrips), exceptions, List.copyOf(unreadable),
          List.copyOf(refused.values()));
    }

    private static void count(Map<String, Map<Outcome, Count>> outcomes, Map<String, Count> exceptions,
        Decision decision, int recordedMore, int proposedMore) {
      if (decision == null) {
        return;
      }
      String control = decision.getFinding().getControl() == null ? "-" : decision.getFinding().getControl();
      outcomes.computeIfAbsent(control, c -> new EnumMap<>(Outcome.class))
          .merge(decision.getOutcome(), new Count(recordedMore, proposedMore),
              (a, b) -> a.plus(b.recorded(), b.proposed()));
      if (decision.getException() != null) {
        exceptions.merge(decision.getException().getScopeKey(), new Count(recordedMore, proposedMore),
            (a, b) -> a.plus(b.recorded(), b.proposed()));
      }
    }
  }

  static String describe(Resource resource) {
    return AuditText.plain(resource.getId()) + " (account " + AuditText.plain(resource.getAccount()) + ", "
        + AuditText.plain(resource.getRegion()) + ")";
  }

  /** The report in words; lists show at most {@code limit} lines each, saying how many more there are. */
  public void print(PrintStream out, int limit) {
    out.printf("What-if on the findings recorded since %s (replayed from %s so that cool-downs and the breaker"
        + " window start as they were): %d decisions.%n", from, replayedFrom, proposedDecisions);
    out.printf("%nDecisions by control and outcome (recorded -> proposed):%n");
    outcomes.forEach((control, counts) -> counts.forEach((outcome, count) -> out.printf("  %-12s %-14s %6d -> %d%s%n",
        AuditText.plain(control), outcome, count.recorded(), count.proposed(),
        count.recorded() == count.proposed() ? "" : "   (" + signed(count.proposed() - count.recorded()) + ")")));
    out.printf("%nDecisions that would change: %d%n", changes.size());
    changes.stream().limit(limit).forEach(change -> out.println("  " + line(change)));
    more(out, changes.size(), limit);
    out.printf("%nResources that would be remediated: %d%n", remediated.size());
    remediated.entrySet().stream().limit(limit).forEach(entry -> out.printf("  %s  %s by %s%n", entry.getKey(),
        AuditText.plain(entry.getValue().getFinding().getControl()), AuditText.plain(entry.getValue().getAction())));
    more(out, remediated.size(), limit);
    out.printf("%nBreaker trips: recorded %d, proposed %d%n", recordedTrips.size(), proposedTrips.size());
    proposedTrips.stream().limit(limit).forEach(trip -> out.printf("  %s would open at %s: %s%n",
        AuditText.plain(trip.getScope()), trip.getOpenedAt(), AuditText.plain(trip.getReason())));
    more(out, proposedTrips.size(), limit);
    out.printf("%nExceptions that would apply (decisions excepted, recorded -> proposed):%n");
    if (exceptionsApplied.isEmpty()) {
      out.println("  none");
    }
    exceptionsApplied.forEach((scope, count) -> out.printf("  %s  %d -> %d%n", AuditText.plain(scope),
        count.recorded(), count.proposed()));
    out.printf("%nFindings the proposed ingest.sources would refuse: %d%n", refusedAtIngest.size());
    refusedAtIngest.stream().limit(limit).forEach(refusal -> out.printf("  %s  %s: %s%n",
        describe(refusal.finding().getResource()), AuditText.plain(refusal.finding().getControl()),
        AuditText.plain(refusal.reason())));
    more(out, refusedAtIngest.size(), limit);
    if (!unreadable.isEmpty()) {
      out.printf("%n%d recorded record(s) could not be read: %s%n", unreadable.size(), String.join(", ", unreadable));
    }
  }

  private static String line(Change change) {
    Decision any = change.proposed() != null ? change.proposed() : change.recorded();
    String before = change.recorded() == null ? "(no recorded decision)" : change.recorded().getOutcome().name();
    String after = change.proposed() != null ? change.proposed().getOutcome().name()
        : change.refusedAtIngest().isPresent() ? "REFUSED at ingest" : "(finding no longer recorded)";
    String why = change.proposed() != null ? ": " + AuditText.plain(change.proposed().getReason())
        : change.refusedAtIngest().map(reason -> ": " + AuditText.plain(reason)).orElse("");
    return describe(any.getFinding().getResource()) + " " + AuditText.plain(any.getFinding().getControl()) + " "
        + before + " -> " + after + why;
  }

  private static void more(PrintStream out, int size, int limit) {
    if (size > limit) {
      out.printf("  ... and %d more%n", size - limit);
    }
  }

  private static String signed(int difference) {
    return difference > 0 ? "+" + difference : Integer.toString(difference);
  }
}
