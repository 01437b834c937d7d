package io.redress.chaos;

import io.redress.chaos.Observations.CommandSeen;
import io.redress.chaos.Observations.DeadLetterSeen;
import io.redress.chaos.Observations.DecisionSeen;
import io.redress.chaos.Observations.ResultSeen;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every output read so far, indexed by what ties an output to an input: decisions by the finding id they carry and
 * by their record key (the resource key), dead letters by their key (the input's own key on the raw topic, the
 * resource key at every later step), commands and results by command id.
 */
final class Outputs {

  final List<DecisionSeen> decisions;
  final List<DeadLetterSeen> deadLetters;
  final List<CommandSeen> commands;
  final List<ResultSeen> results;
  final Map<String, Integer> undecodable;
  private final Map<String, Integer> decisionsByFindingId;
  private final Map<String, Integer> decisionsByKey;
  private final Map<String, Integer> deadLettersByKey;
  private final Map<String, Integer> admittedCommands;
  private final Map<String, Integer> resultsByCommand;

  Outputs(List<DecisionSeen> decisions, List<DeadLetterSeen> deadLetters, List<CommandSeen> commands,
      List<ResultSeen> results, Map<String, Integer> undecodable) {
    this.decisions = List.copyOf(decisions);
    this.deadLetters = List.copyOf(deadLetters);
    this.commands = List.copyOf(commands);
    this.results = List.copyOf(results);
    this.undecodable = Map.copyOf(undecodable);
    this.decisionsByFindingId = count(this.decisions.stream().map(DecisionSeen::findingId).toList());
    this.decisionsByKey = count(this.decisions.stream().map(DecisionSeen::key).toList());
    this.deadLettersByKey = count(this.deadLetters.stream().map(DeadLetterSeen::key).toList());
    this.admittedCommands = count(this.commands.stream().filter(command -> !command.held())
        .map(CommandSeen::commandId).toList());
    this.resultsByCommand = count(this.results.stream().map(ResultSeen::commandId).toList());
  }

  /** Decisions tied to an input: by the finding id it carries, else by its resource's record key. */
  int decisionsFor(Input input) {
    int byFindingId = input.findingId() == null ? 0 : decisionsByFindingId.getOrDefault(input.findingId(), 0);
    int byKey = input.resourceKey() == null ? 0 : decisionsByKey.getOrDefault(input.resourceKey(), 0);
    return Math.max(byFindingId, byKey);
  }

  /** Dead letters tied to an input: by its own key (raw topic), or by its resource's key (every later step). */
  int deadLettersFor(Input input) {
    int byResource = input.resourceKey() == null ? 0 : deadLettersByKey.getOrDefault(input.resourceKey(), 0);
    return deadLettersByKey.getOrDefault(input.key(), 0) + byResource;
  }

  /** Inputs with no output yet, and commands with no result yet: what the harness still waits for. */
  long outstanding(List<Input> inputs) {
    long silentInputs = inputs.stream().filter(input -> decisionsFor(input) == 0 && deadLettersFor(input) == 0)
        .count();
    return silentInputs + commandsWithoutResult();
  }

  long commandsWithoutResult() {
    return admittedCommands.keySet().stream().filter(id -> !resultsByCommand.containsKey(id)).count();
  }

  /** Records beyond the first for each command id. */
  long duplicateCommands() {
    return extra(admittedCommands);
  }

  long duplicateResults() {
    return extra(resultsByCommand);
  }

  /** Decisions naming a command that appeared on neither the command topic nor the held one. */
  long decisionsWithoutCommand() {
    Set<String> issued = commands.stream().map(CommandSeen::commandId).collect(Collectors.toSet());
    return decisions.stream().filter(d -> d.commandId() != null && !issued.contains(d.commandId())).count();
  }

  /** Decisions that carry neither the finding id nor the resource key of any input. */
  long untracedDecisions(List<Input> inputs) {
    Set<String> findingIds = inputs.stream().map(Input::findingId).filter(Objects::nonNull)
        .collect(Collectors.toSet());
    Set<String> resourceKeys = inputs.stream().map(Input::resourceKey).filter(Objects::nonNull)
        .collect(Collectors.toSet());
    return decisions.stream()
        .filter(d -> !findingIds.contains(d.findingId()) && !resourceKeys.contains(d.key()))
        .count();
  }

  /** Dead letters whose key is neither an input's key nor an input's resource key. */
  long untracedDeadLetters(List<Input> inputs) {
    Set<String> keys = inputs.stream().map(Input::key).collect(Collectors.toCollection(HashSet::new));
    inputs.stream().map(Input::resourceKey).filter(Objects::nonNull).forEach(keys::add);
    return deadLetters.stream().filter(deadLetter -> !keys.contains(deadLetter.key())).count();
  }

  private static Map<String, Integer> count(List<String> values) {
    Map<String, Integer> counts = new HashMap<>();
    values.forEach(value -> counts.merge(String.valueOf(value), 1, Integer::sum));
    return counts;
  }

  private static long extra(Map<String, Integer> counts) {
    return counts.values().stream().mapToLong(count -> count - 1L).sum();
  }
}
