package io.redress.audit;

import io.redress.contract.BreakerState;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.Resource;
import io.redress.kafka.Topics;

/**
 * The audit trail in words, one block per record, each starting with a blank line.
 *
 * <p>Every text taken from a record is escaped: resource ids, reasons and messages come from findings, which anyone
 * able to write to the findings topic shapes, and a terminal would obey an escape sequence hidden in them.
 */
final class AuditFormat {

  private AuditFormat() {
  }

  static String decision(Decision decision) {
    String control = decision.getFinding().getControl();
    return String.format("%nDECISION  %-14s %-7s %s%n          why: %s%n", decision.getOutcome(),
        control == null ? "-" : escaped(control), describe(decision.getFinding().getResource()),
        escaped(decision.getReason()));
  }

  static String deadLetter(DeadLetter deadLetter) {
    return String.format("%nDEAD LETTER  %s rejected at %s, kept on %s%n          why: %s%n",
        position(deadLetter.getTopic(), deadLetter.getPartition(), deadLetter.getOffset()),
        escaped(deadLetter.getStage()), Topics.DEAD_LETTERS, escaped(deadLetter.getReason()));
  }

  static String held(RemediationCommand command) {
    return String.format("%nHELD      %s on %s, held by breaker %s until a human releases it%n",
        escaped(command.getAction()), describe(command.getResource()), escaped(command.getHeldBy()));
  }

  static String breaker(BreakerState state) {
    return String.format("%nBREAKER   %s is %s: %s%n", escaped(state.getScope()), state.getStatus(),
        escaped(state.getReason()));
  }

  static String result(RemediationResult result) {
    return String.format("%nRESULT    %-14s %s on %s%n          %s%n", result.getStatus(),
        escaped(result.getAction()), describe(result.getResource()), escaped(result.getMessage()));
  }

  /** One line for a record that could not be shown, so the trail says where it is instead of stopping. */
  static String unreadable(String topic, int partition, long offset, Throwable why) {
    String message = why.getMessage();
    String reason = message == null || message.isBlank() ? why.getClass().getName() : message;
    return String.format("%nUNREADABLE  %s skipped: %s%n", position(topic, partition, offset), escaped(reason));
  }

  /** Where a record is, as Kafka's own tools write it: {@code topic-partition@offset}. */
  static String position(String topic, int partition, long offset) {
    return escaped(topic) + "-" + partition + "@" + offset;
  }

  /**
   * The text with every control character (C0, DEL, C1), line and paragraph separator and invisible format
   * character (such as a bidirectional override) written as an escape, so it prints on one line as the characters
   * it really holds.
   */
  static String escaped(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder escaped = new StringBuilder(text.length());
    text.codePoints().forEach(codePoint -> {
      switch (codePoint) {
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        case '\\' -> escaped.append("\\\\");
        default -> {
          if (invisible(codePoint)) {
            escaped.append(codePoint <= 0xFFFF
                ? String.format("\\u%04X", codePoint)
                : String.format("\\U%08X", codePoint));
          } else {
            escaped.appendCodePoint(codePoint);
          }
        }
      }
    });
    return escaped.toString();
  }

  private static boolean invisible(int codePoint) {
    int type = Character.getType(codePoint);
    return Character.isISOControl(codePoint) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static String describe(Resource resource) {
    return escaped(resource.getId()) + " (account " + escaped(resource.getAccount()) + ", "
        + escaped(resource.getRegion()) + ")";
  }
}
