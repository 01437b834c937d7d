package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.DeliveryStatus;
import io.redress.contract.NotificationResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RepeatOffendersTest {

  private final RepeatOffenders offenders = new RepeatOffenders("security@example.com");

  private static NotificationResult delivered(String notification, String channel, String creator, String control) {
    return NotificationResult.newBuilder().setNotificationId(notification).setChannel(channel).setRecipient(creator)
        .setStatus(DeliveryStatus.DELIVERED).setAttempts(1).setControl(control).setDeliveredAt(Instant.EPOCH).build();
  }

  @Test
  void theSameCreatorCausingTheSameControlAfterALessonIsARepeat() {
    offenders.add(delivered("lesson-1", "email", "alice@example.com", "S3.8"));
    offenders.add(delivered("lesson-2", "email", "alice@example.com", "S3.8"));
    offenders.add(delivered("lesson-3", "email", "alice@example.com", "EC2.13"));
    offenders.add(delivered("lesson-4", "email", "bob@example.com", "S3.8"));

    assertThat(offenders.figures()).containsExactly(
        new RepeatOffenders.Figure("alice@example.com", "S3.8", 2, 1),
        new RepeatOffenders.Figure("alice@example.com", "EC2.13", 1, 0),
        new RepeatOffenders.Figure("bob@example.com", "S3.8", 1, 0));
    assertThat(offenders.summary())
        .isEqualTo("1 of 3 (creator, control) pairs taught were caused again after a lesson");
  }

  @Test
  void oneLessonCarriedByTwoChannelsIsOneLesson() {
    offenders.add(delivered("lesson-1", "email", "alice@example.com", "S3.8"));
    offenders.add(delivered("lesson-1", "chat", "alice@example.com", "S3.8"));

    assertThat(offenders.figures()).containsExactly(new RepeatOffenders.Figure("alice@example.com", "S3.8", 1, 0));
  }

  @Test
  void twoLessonsAboutOneDecisionAreOneLessonAndResultsNamingNoDecisionCountByNotification() {
    NotificationResult held = delivered("lesson-held", "email", "alice@example.com", "S3.8");
    held.setDecisionId("decision-1");
    NotificationResult afterRelease = delivered("lesson-after-release", "email", "alice@example.com", "S3.8");
    afterRelease.setDecisionId("decision-1");
    offenders.add(held);
    offenders.add(afterRelease);
    offenders.add(delivered("lesson-recorded-before-decision-ids", "email", "alice@example.com", "S3.8"));

    assertThat(offenders.figures()).containsExactly(new RepeatOffenders.Figure("alice@example.com", "S3.8", 2, 1));
  }

  @Test
  void lessonsToTheSecurityContactAndFailedDeliveriesTeachNoCreator() {
    offenders.add(delivered("lesson-1", "email", "security@example.com", "S3.8"));
    offenders.add(delivered("lesson-2", "email", "security@example.com", "S3.8"));
    NotificationResult failed = delivered("lesson-3", "email", "bob@example.com", "S3.8");
    failed.setStatus(DeliveryStatus.FAILED);
    offenders.add(failed);

    assertThat(offenders.figures()).isEmpty();
  }
}
