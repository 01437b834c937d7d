package io.redress.chaos;

import io.redress.chaos.ChaosEvents.BrokerOutage;
import io.redress.chaos.ChaosEvents.Crash;
import io.redress.chaos.ChaosEvents.Restart;
import io.redress.chaos.ChaosEvents.Stall;
import java.util.List;
import java.util.Map;

/** The figures of one chaos run, as printed and as written to JSON. */
record ChaosReport(
    String verdict,
    List<String> failures,
    long seed,
    String startedAt,
    double durationSeconds,
    Machine machine,
    Parameters parameters,
    Outcomes validFindings,
    Outcomes badInputs,
    Outcomes oversizedTextInputs,
    List<KindFigures> byKind,
    Commands commands,
    Results results,
    DeadLetters deadLetters,
    Map<String, Integer> decisionsByOutcome,
    long untracedDecisions,
    Map<String, Integer> undecodableOutputs,
    Map<String, String> inputsRefusedByBroker,
    List<Restart> restarts,
    List<BrokerOutage> brokerOutages,
    List<Stall> stalls,
    List<Crash> crashes,
    List<String> skippedPhases,
    int launches,
    Integer exitCodeOnSigterm,
    long peakRssMiB,
    List<InputTrace> unexpected) {

  boolean passed() {
    return failures.isEmpty();
  }

  record Parameters(int findings, int kills, boolean brokerRestart, int brokerFindings, long brokerDownSeconds,
      int fuzz, int fuzzValid, double rate, long stallSeconds, int hugeFieldLength, int nestingDepth,
      String javaOpts) {

    static Parameters of(ChaosOptions options) {
      return new Parameters(options.findings(), options.kills(), options.brokerRestart(), options.brokerFindings(),
          options.brokerDown().toSeconds(), options.fuzz(), options.fuzzValid(), options.rate(),
          options.stall().toSeconds(), options.hugeFieldLength(), options.nestingDepth(), options.javaOpts());
    }
  }

  /**
   * What became of the inputs of one expectation.
   *
   * @param asExpected with exactly the one output expected of them
   * @param decided with at least one decision
   * @param deadLettered with at least one dead letter
   * @param noOutput with neither: lost
   * @param severalOutputs with more than one output in all: duplicated
   */
  record Outcomes(String expected, int inputs, int asExpected, double percentAsExpected, int decided,
      int deadLettered, int noOutput, int severalOutputs) {
  }

  /** The same figures for one kind of input. */
  record KindFigures(String kind, Outcomes outcomes) {
  }

  record Commands(int admitted, int held, long duplicates, long withoutResult, long decisionsWithoutCommand) {
  }

  record Results(int total, long duplicates, Map<String, Integer> byStatus) {
  }

  record DeadLetters(int total, long untraced, List<DeadLetterGroup> groups) {
  }

  record DeadLetterGroup(String stage, String reason, int count) {
  }

  /** An input that did not get what was expected of it: enough to find it on the topics and in the seed. */
  record InputTrace(String key, String phase, String kind, String variant, String expected, int decisions,
      int deadLetters) {
  }
}
