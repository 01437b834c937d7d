package io.redress.notification;

import static io.redress.notification.TestNotifications.lesson;
import static io.redress.notification.TestNotifications.lessonAfter;
import static io.redress.notification.TestNotifications.renderer;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Notification;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationStatus;
import org.junit.jupiter.api.Test;

/** A lesson says exactly what happened to the resource, in every form. */
class LessonResultWordsTest {

  private final NotificationRenderer renderer = renderer();

  private Message after(RemediationStatus status) {
    return renderer.render(
        lessonAfter("S3.8", status, "AccessDenied: not authorized to perform s3:PutBucketPublicAccessBlock"));
  }

  private static void saysInEveryForm(Message message, String words) {
    assertThat(message.body()).contains(words);
    assertThat(message.html()).contains(words);
    assertThat(message.slack()).contains(words);
  }

  @Test
  void anAppliedFixSaysItWasFixedAndChecked() {
    Message message = after(RemediationStatus.APPLIED);

    assertThat(message.subject()).endsWith(": fixed automatically");
    saysInEveryForm(message, "Redress fixed it: it has turned on all four S3 Block Public Access settings for the"
        + " bucket, and read the resource back to make sure the change took.");
  }

  @Test
  void anAlreadyCompliantResourceSaysNothingWasChanged() {
    Message message = after(RemediationStatus.ALREADY_COMPLIANT);

    assertThat(message.subject()).endsWith(": already compliant, nothing changed");
    saysInEveryForm(message, "Redress changed nothing: when it came to fix the resource, it was already compliant");
  }

  @Test
  void aFailedFixSaysItFailedWithTheExecutorsErrorAndAsksForAFix() {
    Message message = after(RemediationStatus.FAILED);

    assertThat(message.subject()).endsWith(": automatic fix FAILED, please fix");
    assertThat(message.body()).contains("Redress tried to fix it and FAILED, so the resource is still as it was: "
        + "AccessDenied: not authorized to perform s3:PutBucketPublicAccessBlock. Please fix it yourself now.");
  }

  @Test
  void anExceptedCommandSaysAnExceptionCoversTheResource() {
    Message message = after(RemediationStatus.EXCEPTED);

    assertThat(message.subject()).endsWith(": left alone under an exception");
    saysInEveryForm(message, "an exception covers this resource, or all the fix would have changed in it");
  }

  @Test
  void aDryRunThatFoundTheFixImpossibleSaysNothingWasTriedAndWhyTheCreatorMustFixIt() {
    Message message = renderer.render(lessonAfter("S3.8", RemediationStatus.FAILED,
        "dry run: the statement uploads lets S3 invoke the function for bucket uploads of any account"));

    assertThat(message.subject()).endsWith(": dry run stopped short, please fix");
    saysInEveryForm(message, "Redress only planned a fix (dry run), so nothing was changed, and the plan stopped short"
        + " of one: the statement uploads lets S3 invoke the function for bucket uploads of any account. Please fix it"
        + " yourself now.");
    assertThat(message.body()).doesNotContain("tried to fix it");
  }

  @Test
  void aDryRunSaysNothingWasChanged() {
    Message message = after(RemediationStatus.DRY_RUN);

    assertThat(message.subject()).endsWith(": would be fixed (dry run)");
    saysInEveryForm(message, "it is in dry-run for this control, so nothing was changed");
  }

  @Test
  void aHeldCommandTellsTheCreatorItWaitsForAHuman() {
    Message message = renderer.render(lesson("S3.8", Outcome.HELD));

    assertThat(message.subject()).endsWith(": fix waits for a human");
    saysInEveryForm(message, "the fix waits for a human");
  }

  @Test
  void aCommandAwaitingApprovalTellsTheCreatorItWaitsForApprovalNotForTheBreaker() {
    Notification notification = lesson("EC2.19", Outcome.HELD);
    notification.getDecision().setApproval("approval:EC2.19");

    Message message = renderer.render(notification);

    assertThat(message.subject()).endsWith(": fix waits for approval");
    saysInEveryForm(message, "every fix for this control waits for approval by a person");
    assertThat(message.body()).doesNotContain("circuit breaker");
  }

  @Test
  void theLessonSaysHowItsCreatorWasFound() {
    Message message = after(RemediationStatus.APPLIED);

    saysInEveryForm(message, "a resource you created or changed (we know because the finding names who made the"
        + " change)");
  }
}
