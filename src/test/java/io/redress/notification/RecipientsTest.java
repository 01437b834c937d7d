package io.redress.notification;

import static io.redress.notification.TestNotifications.ALICE;
import static io.redress.notification.TestNotifications.SECURITY_CONTACT;
import static io.redress.notification.TestNotifications.breakerTripped;
import static io.redress.notification.TestNotifications.finding;
import static io.redress.notification.TestNotifications.lesson;
import static io.redress.notification.TestNotifications.renderer;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Outcome;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecipientsTest {

  private final NotificationRenderer renderer = renderer();

  private String recipientOfLessonWithActor(String actor) {
    return renderer.render(lesson(finding("S3.8").setActor(actor).build(), Outcome.REMEDIATE)).recipient();
  }

  @Test
  void aLessonGoesToTheIamUserWhoseActionProducedTheFinding() {
    assertThat(recipientOfLessonWithActor(ALICE)).isEqualTo(ALICE);
  }

  @Test
  void aLessonGoesToTheAssumedRoleSessionAPersonActedThrough() {
    String session = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice@example.com";

    assertThat(recipientOfLessonWithActor(session)).isEqualTo(session);
  }

  @Test
  void aLessonGoesToAnIamRoleThatCreatedTheResource() {
    String role = "arn:aws:iam::111122223333:role/deploy-pipeline";

    assertThat(recipientOfLessonWithActor(role)).isEqualTo(role);
  }

  @Test
  void theAccountRootIsNeverTaughtTheSecurityContactIs() {
    assertThat(recipientOfLessonWithActor("arn:aws:iam::111122223333:root")).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aServiceLinkedRoleIsNeverTaughtTheSecurityContactIs() {
    assertThat(recipientOfLessonWithActor(
        "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"))
        .isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aServiceLinkedRoleSessionIsNeverTaughtTheSecurityContactIs() {
    assertThat(recipientOfLessonWithActor(
        "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling"))
        .isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void anAwsServicePrincipalIsNeverTaughtTheSecurityContactIs() {
    assertThat(recipientOfLessonWithActor("cloudformation.amazonaws.com")).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aFindingWithoutAnActorIsTaughtToTheSecurityContact() {
    assertThat(recipientOfLessonWithActor(null)).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aBreakerAlertGoesToTheSecurityContact() {
    assertThat(renderer.render(breakerTripped("global", 101, 100)).recipient()).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aCreatorFromAnotherLookupIsStillRefusedWhenItIsTheRoot() {
    Recipients recipients = new Recipients(
        found -> Optional.of("arn:aws:iam::111122223333:root"), SECURITY_CONTACT);

    assertThat(recipients.ofLesson(finding("S3.8").build()).address()).isEqualTo(SECURITY_CONTACT);
  }
}
