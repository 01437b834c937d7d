package io.redress.chaos;

import io.redress.chaos.ChaosReport.Commands;
import io.redress.chaos.ChaosReport.DeadLetters;
import io.redress.chaos.ChaosReport.Outcomes;
import io.redress.chaos.ChaosReport.Results;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the audit and the run's events into the report, and says what failed: any loss, duplicate, stall, crash. */
final class Verdict {

  /** What the run observed besides the topics. */
  record RunFacts(Instant startedAt, double durationSeconds, ChaosEvents events, int launches,
      Optional<Integer> exitCodeOnSigterm, long peakRssKiB, Map<String, String> refusedInputs,
      List<String> skippedPhases) {
  }

  private Verdict() {
  }

  static ChaosReport judge(ChaosOptions options, Audit audit, Outputs outputs, RunFacts facts) {
    Outcomes valid = audit.outcomes(Expectation.DECISION);
    Outcomes bad = audit.outcomes(Expectation.DEAD_LETTER);
    Outcomes either = audit.outcomes(Expectation.EITHER);
    Commands commands = audit.commands();
    Results results = audit.results();
    DeadLetters deadLetters = audit.deadLetters();
    long untracedDecisions = audit.untracedDecisions();
    ChaosEvents events = facts.events();

    List<String> failures = new ArrayList<>();
    fail(failures, valid.noOutput(), "valid finding(s) lost: no decision");
    fail(failures, valid.inputs() - valid.asExpected() - valid.noOutput(),
        "valid finding(s) without exactly one decision (duplicated or dead-lettered)");
    fail(failures, bad.inputs() - bad.asExpected(), "bad input(s) without exactly one dead letter ("
        + bad.decided() + " decided, " + bad.noOutput() + " with no output, " + bad.severalOutputs()
        + " with several)");
    fail(failures, either.inputs() - either.asExpected(),
        "input(s) with oversized text not accounted for exactly once");
    fail(failures, commands.duplicates(), "duplicate command(s) on redress.remediations");
    fail(failures, commands.withoutResult(), "command(s) without a result");
    fail(failures, commands.decisionsWithoutCommand(), "decision(s) whose command never appeared");
    fail(failures, results.duplicates(), "duplicate result(s) on redress.remediation-results");
    fail(failures, deadLetters.untraced(), "dead letter(s) not traceable to any input");
    fail(failures, untracedDecisions, "decision(s) not traceable to any input");
    fail(failures, outputs.undecodable.values().stream().mapToInt(Integer::intValue).sum(),
        "output record(s) that Redress's own schemas cannot read");
    fail(failures, events.stalls().size(), "stall(s)");
    fail(failures, events.crashes().size(), "crash(es) of Redress");
    fail(failures, facts.refusedInputs().size(), "input(s) refused by the broker, so never tested");
    if (!facts.skippedPhases().isEmpty()) {
      failures.add("phase(s) skipped after the stall: " + String.join(", ", facts.skippedPhases()));
    }

    return new ChaosReport(failures.isEmpty() ? "PASS" : "FAIL", failures, options.seed(),
        facts.startedAt().toString(), facts.durationSeconds(), Machine.current(),
        ChaosReport.Parameters.of(options), valid, bad, either, audit.byKind(), commands, results, deadLetters,
        audit.decisionsByOutcome(), untracedDecisions, outputs.undecodable, facts.refusedInputs(),
        events.restarts(), events.outages(), events.stalls(), events.crashes(), facts.skippedPhases(), facts.launches(),
        facts.exitCodeOnSigterm().orElse(null), facts.peakRssKiB() / 1024, audit.unexpected());
  }

  private static void fail(List<String> failures, long count, String what) {
    if (count > 0) {
      failures.add(count + " " + what);
    }
  }
}
