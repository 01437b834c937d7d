package io.redress.chaos;

import io.redress.chaos.ChaosReport.Commands;
import io.redress.chaos.ChaosReport.DeadLetterGroup;
import io.redress.chaos.ChaosReport.DeadLetters;
import io.redress.chaos.ChaosReport.InputTrace;
import io.redress.chaos.ChaosReport.KindFigures;
import io.redress.chaos.ChaosReport.Outcomes;
import io.redress.chaos.ChaosReport.Results;
import io.redress.chaos.Observations.CommandSeen;
import io.redress.chaos.Observations.DeadLetterSeen;
import io.redress.chaos.Observations.DecisionSeen;
import io.redress.chaos.Observations.ResultSeen;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Holds every input against every output: what was lost, duplicated, dead-lettered or left hanging. */
final class Audit {

  private static final int TRACES_KEPT = 25;
  private static final int REASON_PREFIX = 90;
  private static final Pattern FINDING_ID = Pattern.compile("\\(id [^)]*\\)");
  private static final Pattern FINDING_POSITION = Pattern.compile("finding N of N( \\(id …\\))?(: )?");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'");
  /** A number standing alone ("finding 2 of 3"), not one inside a name ("UTF-8", "ISO-8601"). */
  private static final Pattern NUMBER = Pattern.compile("(?<=[\\s(])\\d+(?=[\\s,):]|$)");

  private final List<Input> inputs;
  private final Outputs outputs;

  Audit(List<Input> inputs, Outputs outputs) {
    this.inputs = List.copyOf(inputs);
    this.outputs = outputs;
  }

  Outcomes outcomes(Expectation expectation) {
    return outcomes(expectation, inputs.stream().filter(input -> input.expectation() == expectation).toList());
  }

  /** One row per kind of input: the valid findings of each phase first, then each fuzz kind that was sent. */
  List<KindFigures> byKind() {
    Map<String, List<Input>> kinds = inputs.stream()
        .collect(Collectors.groupingBy(Input::kind, LinkedHashMap::new, Collectors.toList()));
    List<KindFigures> rows = new ArrayList<>();
    kinds.getOrDefault(ValidFindings.KIND, List.of()).stream()
        .collect(Collectors.groupingBy(Input::phase, LinkedHashMap::new, Collectors.toList()))
        .forEach((phase, valid) -> rows.add(
            new KindFigures(ValidFindings.KIND + ", " + phase, outcomes(Expectation.DECISION, valid))));
    for (FuzzKind kind : FuzzKind.values()) {
      List<Input> ofKind = kinds.getOrDefault(kind.label(), List.of());
      if (!ofKind.isEmpty()) {
        rows.add(new KindFigures(kind.label(), outcomes(kind.expectation(), ofKind)));
      }
    }
    return rows;
  }

  Commands commands() {
    long held = outputs.commands.stream().filter(CommandSeen::held).count();
    return new Commands(outputs.commands.size() - (int) held, (int) held, outputs.duplicateCommands(),
        outputs.commandsWithoutResult(), outputs.decisionsWithoutCommand());
  }

  Results results() {
    return new Results(outputs.results.size(), outputs.duplicateResults(),
        countBy(outputs.results, ResultSeen::status));
  }

  Map<String, Integer> decisionsByOutcome() {
    return countBy(outputs.decisions, DecisionSeen::outcome);
  }

  long untracedDecisions() {
    return outputs.untracedDecisions(inputs);
  }

  /** Dead letters grouped by step and by the start of their reason, with ids, quotes and numbers blanked out. */
  DeadLetters deadLetters() {
    Map<List<String>, Integer> groups = new TreeMap<>(Comparator.comparing((List<String> group) -> group.get(0))
        .thenComparing(group -> group.get(1)));
    for (DeadLetterSeen deadLetter : outputs.deadLetters) {
      groups.merge(List.of(deadLetter.stage(), reasonPrefix(deadLetter.reason())), 1, Integer::sum);
    }
    List<DeadLetterGroup> rows = groups.entrySet().stream()
        .map(group -> new DeadLetterGroup(group.getKey().get(0), group.getKey().get(1), group.getValue()))
        .sorted(Comparator.comparingInt(DeadLetterGroup::count).reversed())
        .toList();
    return new DeadLetters(outputs.deadLetters.size(), outputs.untracedDeadLetters(inputs), rows);
  }

  /** The first inputs that did not get exactly what was expected of them. */
  List<InputTrace> unexpected() {
    return inputs.stream()
        .filter(input -> !asExpected(input))
        .limit(TRACES_KEPT)
        .map(input -> new InputTrace(input.key(), input.phase(), input.kind(), input.variant(),
            input.expectation().label(), outputs.decisionsFor(input), outputs.deadLettersFor(input)))
        .toList();
  }

  static String reasonPrefix(String reason) {
    String general = FINDING_ID.matcher(reason).replaceAll("(id …)");
    general = QUOTED.matcher(general).replaceAll("'…'");
    general = NUMBER.matcher(general).replaceAll("N");
    // "finding 2 of 3 (id …): " says which finding; what is wrong with it comes after.
    Matcher position = FINDING_POSITION.matcher(general);
    int detail = general.indexOf(": ", position.lookingAt() ? position.end() : 0);
    if (detail > 0) {
      general = general.substring(0, detail);
    }
    return general.length() > REASON_PREFIX ? general.substring(0, REASON_PREFIX) + "…" : general;
  }

  private boolean asExpected(Input input) {
    int decisions = outputs.decisionsFor(input);
    int deadLetters = outputs.deadLettersFor(input);
    return switch (input.expectation()) {
      case DECISION -> decisions == 1 && deadLetters == 0;
      case DEAD_LETTER -> deadLetters == 1 && decisions == 0;
      case EITHER -> decisions + deadLetters == 1;
    };
  }

  private Outcomes outcomes(Expectation expectation, List<Input> group) {
    int asExpected = 0;
    int decided = 0;
    int deadLettered = 0;
    int noOutput = 0;
    int several = 0;
    for (Input input : group) {
      int decisions = outputs.decisionsFor(input);
      int deadLetters = outputs.deadLettersFor(input);
      asExpected += asExpected(input) ? 1 : 0;
      decided += decisions > 0 ? 1 : 0;
      deadLettered += deadLetters > 0 ? 1 : 0;
      noOutput += decisions + deadLetters == 0 ? 1 : 0;
      several += decisions + deadLetters > 1 ? 1 : 0;
    }
    double percent = group.isEmpty() ? 100.0 : Math.floor(1000.0 * asExpected / group.size()) / 10.0;
    return new Outcomes(expectation.label(), group.size(), asExpected, percent, decided, deadLettered, noOutput,
        several);
  }

  private static <T> Map<String, Integer> countBy(List<T> items, Function<T, String> key) {
    Map<String, Integer> counts = new TreeMap<>();
    items.forEach(item -> counts.merge(key.apply(item), 1, Integer::sum));
    return counts;
  }
}
