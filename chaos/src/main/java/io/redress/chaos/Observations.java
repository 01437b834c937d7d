package io.redress.chaos;

import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Redress wrote, as the harness read it back (read_committed): enough of each record to tie it to an input
 * and to count it, nothing more. Written by the output watcher's thread, read by the harness's.
 */
final class Observations {

  record DecisionSeen(String key, String findingId, String outcome, String commandId) {
  }

  /** A dead letter as the audit needs it; its reason is cut, since some carry a whole input's worth of text. */
  record DeadLetterSeen(String key, String topic, String stage, String reason) {
  }

  record CommandSeen(String commandId, boolean held) {
  }

  record ResultSeen(String commandId, String status) {
  }

  private static final int REASON_KEPT = 300;

  private final List<DecisionSeen> decisions = new ArrayList<>();
  private final List<DeadLetterSeen> deadLetters = new ArrayList<>();
  private final List<CommandSeen> commands = new ArrayList<>();
  private final List<ResultSeen> results = new ArrayList<>();
  private final Map<String, Integer> undecodable = new HashMap<>();
  private final Map<Integer, Long> lastDecisionOffsets = new HashMap<>();
  private long lastOutputNanos = System.nanoTime();

  synchronized void decision(int partition, long offset, String key, Decision decision) {
    decisions.add(new DecisionSeen(key, decision.getFinding().getFindingId(), decision.getOutcome().name(),
        decision.getCommandId()));
    lastDecisionOffsets.merge(partition, offset, Math::max);
    progressed();
  }

  synchronized void deadLetter(DeadLetter deadLetter) {
    String reason = deadLetter.getReason();
    deadLetters.add(new DeadLetterSeen(deadLetter.getKey(), deadLetter.getTopic(), deadLetter.getStage(),
        reason.length() > REASON_KEPT ? reason.substring(0, REASON_KEPT) + "…" : reason));
    progressed();
  }

  synchronized void command(RemediationCommand command, boolean held) {
    commands.add(new CommandSeen(command.getCommandId(), held));
    progressed();
  }

  synchronized void result(RemediationResult result) {
    results.add(new ResultSeen(result.getCommandId(), result.getStatus().name()));
    progressed();
  }

  synchronized void undecodable(String topic) {
    undecodable.merge(topic, 1, Integer::sum);
    progressed();
  }

  private void progressed() {
    lastOutputNanos = System.nanoTime();
  }

  /** Whether a decision was read at or past {@code offsets} (per partition of redress.decisions). */
  synchronized boolean decisionAtOrPast(Map<Integer, Long> offsets) {
    return offsets.entrySet().stream()
        .anyMatch(end -> lastDecisionOffsets.getOrDefault(end.getKey(), -1L) >= end.getValue());
  }

  /**
   * Starts the quiet time afresh once a launch says it is running: until then Redress could not output anything, and
   * a slow start on a busy machine is not a stall (a start that never comes is caught by the launch's own limit).
   */
  synchronized void launched() {
    lastOutputNanos = System.nanoTime();
  }

  synchronized long nanosSinceLastOutput() {
    return System.nanoTime() - lastOutputNanos;
  }

  synchronized int decisionCount() {
    return decisions.size();
  }

  synchronized int deadLetterCount() {
    return deadLetters.size();
  }

  synchronized int resultCount() {
    return results.size();
  }

  /** A consistent copy, indexed for the audit. */
  synchronized Outputs snapshot() {
    return new Outputs(decisions, deadLetters, commands, results, undecodable);
  }
}
