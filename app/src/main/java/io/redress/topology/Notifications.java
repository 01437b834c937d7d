package io.redress.topology;

import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import io.redress.contract.Notification;
import io.redress.contract.NotificationKind;
import io.redress.decision.Ids;

/** The notifications the topology raises. */
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

  static Notification breakerTripped(BreakerState state) {
    return Notification.newBuilder()
        .setNotificationId(Ids.of("breaker", state.getScope(), state.getOpenedAt().toString()))
        .setKind(NotificationKind.BREAKER_TRIPPED)
        .setBreaker(state)
        .setCreatedAt(state.getUpdatedAt())
        .build();
  }
}
