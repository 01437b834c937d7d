package io.redress.audit;

import io.redress.contract.BreakerState;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.Resource;

/**
 * The audit trail in words, one block per record, each starting with a blank line.
 *
 * <p>Every text taken from a record is escaped ({@link AuditText#plain}).
 */
final class AuditFormat {

  private AuditFormat() {
  }

  static String decision(Decision decision) {
    String control = decision.getFinding().getControl();
    return String.format("%nDECISION  %-14s %-7s %s%n          why: %s%n", decision.getOutcome(),
        control == null ? "-" : AuditText.plain(control), describe(decision.getFinding().getResource()),
        AuditText.plain(decision.getReason()));
  }

  static String deadLetter(DeadLetter deadLetter, String keptOn) {
    return String.format("%nDEAD LETTER  %s rejected at %s, kept on %s%n          why: %s%n",
        position(deadLetter.getTopic(), deadLetter.getPartition(), deadLetter.getOffset()),
        AuditText.plain(deadLetter.getStage()), keptOn, AuditText.plain(deadLetter.getReason()));
  }

  static String held(RemediationCommand command) {
    return String.format("%nHELD      %s on %s, held by breaker %s until a human releases it%n",
        AuditText.plain(command.getAction()), describe(command.getResource()), AuditText.plain(command.getHeldBy()));
  }

  static String breaker(BreakerState state) {
    return String.format("%nBREAKER   %s is %s: %s%n", AuditText.plain(state.getScope()), state.getStatus(),
        AuditText.plain(state.getReason()));
  }

  static String result(RemediationResult result) {
    return String.format("%nRESULT    %-14s %s on %s%n          %s%n", result.getStatus(),
        AuditText.plain(result.getAction()), describe(result.getResource()), AuditText.plain(result.getMessage()));
  }

  /** One line for a record that could not be shown, so the trail says where it is instead of stopping. */
  static String unreadable(String topic, int partition, long offset, Throwable why) {
    String message = why.getMessage();
    String reason = message == null || message.isBlank() ? why.getClass().getName() : message;
    return String.format("%nUNREADABLE  %s skipped: %s%n", position(topic, partition, offset), AuditText.plain(reason));
  }

  /** Where a record is, as Kafka's own tools write it: {@code topic-partition@offset}. */
  static String position(String topic, int partition, long offset) {
    return AuditText.plain(topic) + "-" + partition + "@" + offset;
  }

  private static String describe(Resource resource) {
    return AuditText.plain(resource.getId()) + " (account " + AuditText.plain(resource.getAccount()) + ", "
        + AuditText.plain(resource.getRegion()) + ")";
  }
}
