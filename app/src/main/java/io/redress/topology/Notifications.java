package io.redress.topology;

import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import io.redress.contract.Notification;
import io.redress.contract.NotificationKind;
import io.redress.contract.RemediationResult;
import io.redress.decision.Ids;

/**
 * The notifications the topology raises: lessons at decision time for what no command will report on (NOTIFY_ONLY,
 * and a HELD command, which waits for a human), lessons after a command's result, and breaker alerts.
 */
final class Notifications {

  private Notifications() {
  }

  static Notification lesson(Decision decision) {
    return Notification.newBuilder()
        .setNotificationId(Ids.of("lesson", decision.getDecisionId()))
        .setKind(NotificationKind.LESSON)
        .setDecision(decision)
        .setCreatedAt(decision.getDecidedAt())
        .build();
  }

  /** The lesson about a command, once its result is known: it says what the executor actually did. */
  static Notification lessonAfter(Decision decision, RemediationResult result) {
    return Notification.newBuilder()
        .setNotificationId(Ids.of("lesson", decision.getDecisionId(), result.getCommandId()))
        .setKind(NotificationKind.LESSON)
        .setDecision(decision)
        .setRemediationResult(result)
        .setCreatedAt(result.getExecutedAt())
        .build();
  }

  static Notification breakerTripped(BreakerState state) {
    return Notification.newBuilder()
        .setNotificationId(Ids.of("breaker", state.getScope(), state.getOpenedAt().toString()))
        .setKind(NotificationKind.BREAKER_TRIPPED)
        .setBreaker(state)
        .setCreatedAt(state.getUpdatedAt())
        .build();
  }
}
