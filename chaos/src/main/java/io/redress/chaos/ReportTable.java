package io.redress.chaos;

import io.redress.chaos.ChaosEvents.BrokerOutage;
import io.redress.chaos.ChaosEvents.Crash;
import io.redress.chaos.ChaosEvents.Restart;
import io.redress.chaos.ChaosEvents.Stall;
import io.redress.chaos.ChaosReport.DeadLetterGroup;
import io.redress.chaos.ChaosReport.InputTrace;
import io.redress.chaos.ChaosReport.KindFigures;
import io.redress.chaos.ChaosReport.Outcomes;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/** Prints a report as plain-text tables: the figures, then each kind of input, then the dead letters. */
final class ReportTable {

  private static final String RULE = "-".repeat(100);

  private ReportTable() {
  }

  static void print(ChaosReport report, PrintStream out) {
    Machine machine = report.machine();
    out.println();
    out.printf("Redress chaos run: %s   seed %d   %.0f s   %d cores, %d MiB, %s%n", report.verdict(), report.seed(),
        report.durationSeconds(), machine.cores(), machine.memoryMiB(), machine.java());
    out.println(RULE);
    outcomes(out, "valid findings", "with exactly one decision", report.validFindings());
    outcomes(out, "bad inputs", "with exactly one dead letter", report.badInputs());
    outcomes(out, "inputs with 1 MB text fields", "with exactly one decision or dead letter",
        report.oversizedTextInputs());
    row(out, "commands on redress.remediations", report.commands().admitted());
    row(out, "  duplicated (same commandId)", report.commands().duplicates());
    row(out, "  without a result", report.commands().withoutResult());
    row(out, "  decisions whose command never appeared", report.commands().decisionsWithoutCommand());
    row(out, "results on redress.remediation-results", report.results().total());
    row(out, "  duplicated (same commandId)", report.results().duplicates());
    row(out, "dead letters on redress.dlq", report.deadLetters().total());
    row(out, "  not traceable to an input", report.deadLetters().untraced());
    row(out, "stalls", report.stalls().size());
    row(out, "crashes", report.crashes().size());
    if (!report.skippedPhases().isEmpty()) {
      row(out, "phases skipped after a stall", String.join(", ", report.skippedPhases()));
    }
    row(out, "restarts after kill -9, to the next decision", restarts(report.restarts()));
    for (BrokerOutage outage : report.brokerOutages()) {
      row(out, String.format("broker down %.1f s, next decision after", outage.secondsDown()),
          seconds(outage.secondsToDecision()));
    }
    row(out, "peak RSS of Redress", report.peakRssMiB() + " MiB");
    row(out, "Redress exit code on SIGTERM", String.valueOf(report.exitCodeOnSigterm()));
    kinds(out, report.byKind());
    deadLetters(out, report.deadLetters().groups());
    problems(out, report);
  }

  private static void outcomes(PrintStream out, String name, String asExpected, Outcomes outcomes) {
    if (outcomes.inputs() == 0) {
      return;
    }
    row(out, name, outcomes.inputs());
    row(out, "  " + asExpected, String.format("%d (%.1f%%)", outcomes.asExpected(), outcomes.percentAsExpected()));
    row(out, "  with no output (lost)", outcomes.noOutput());
    row(out, "  with more than one output (duplicated)", outcomes.severalOutputs());
    if (outcomes.expected().equals(Expectation.DECISION.label())) {
      row(out, "  dead-lettered", outcomes.deadLettered());
    } else if (outcomes.expected().equals(Expectation.DEAD_LETTER.label())) {
      row(out, "  decided instead", outcomes.decided());
    }
  }

  private static void kinds(PrintStream out, List<KindFigures> kinds) {
    out.println();
    out.printf("%-24s %-24s %8s %11s %8s %13s %9s %8s%n", "input kind", "expected", "inputs", "as expected",
        "decided", "dead-lettered", "no output", "several");
    out.println(RULE);
    for (KindFigures kind : kinds) {
      Outcomes o = kind.outcomes();
      out.printf("%-24s %-24s %8d %11d %8d %13d %9d %8d%n", kind.kind(), o.expected(), o.inputs(),
          o.asExpected(), o.decided(), o.deadLettered(), o.noOutput(), o.severalOutputs());
    }
  }

  private static void deadLetters(PrintStream out, List<DeadLetterGroup> groups) {
    out.println();
    out.printf("%8s  %-16s %s%n", "count", "dead letter step", "reason");
    out.println(RULE);
    groups.forEach(group -> out.printf("%8d  %-16s %s%n", group.count(), group.stage(), group.reason()));
  }

  private static void problems(PrintStream out, ChaosReport report) {
    for (Stall stall : report.stalls()) {
      out.printf("%nSTALL in %s: %s%n", stall.phase(), stall.what());
    }
    for (Crash crash : report.crashes()) {
      out.printf("%nCRASH in %s: launch %d exited with code %d; last lines:%n  %s%n", crash.phase(), crash.launch(),
          crash.exitCode(), String.join("\n  ", crash.lastLines()));
    }
    if (!report.unexpected().isEmpty()) {
      out.printf("%nFirst inputs not as expected (key, kind, form: decisions / dead letters):%n");
      for (InputTrace trace : report.unexpected()) {
        out.printf("  %s  %s, %s: %d / %d%n", trace.key(), trace.kind(), trace.variant(), trace.decisions(),
            trace.deadLetters());
      }
    }
    out.println();
    if (report.passed()) {
      out.println("PASS: nothing lost, nothing duplicated, every bad input dead-lettered, no stall, no crash.");
    } else {
      out.println("FAIL:");
      report.failures().forEach(failure -> out.println("  - " + failure));
    }
  }

  private static String restarts(List<Restart> restarts) {
    return restarts.isEmpty() ? "none"
        : restarts.stream().map(restart -> seconds(restart.secondsToDecision())).collect(Collectors.joining(", "));
  }

  private static String seconds(Double seconds) {
    return seconds == null ? "never" : String.format("%.1f s", seconds);
  }

  private static void row(PrintStream out, String name, Object value) {
    out.printf("%-50s %20s%n", name, value);
  }
}
