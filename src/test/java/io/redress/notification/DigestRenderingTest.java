package io.redress.notification;

import static io.redress.notification.TestNotifications.finding;
import static io.redress.notification.TestNotifications.lesson;
import static io.redress.notification.TestNotifications.renderer;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.AddressedLesson;
import io.redress.contract.DueLessons;
import io.redress.contract.Notification;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A digest in its three forms: one look with lessons alone, and finding-supplied text harmless in each. */
class DigestRenderingTest {

  private static final String SCRIPT = "<script>alert('x')</script>";
  private static final String SYNTAX = "${7*7} <#assign x=1>";
  private final NotificationRenderer renderer = renderer();

  private Message digest(Notification... lessons) {
    return renderer.digest(DueLessons.newBuilder().setDeliveryId("digest-1").setRecipient("alice@example.com")
        .setLessons(java.util.Arrays.stream(lessons).map(lesson -> AddressedLesson.newBuilder()
            .setRecipient("alice@example.com").setCreatorFoundBy("the finding names who made the change")
            .setNotification(lesson).build()).toList())
        .setWindowStart(Instant.parse("2026-11-01T09:00:00Z")).setWindowEnd(Instant.parse("2026-11-01T10:00:00Z"))
        .build());
  }

  /** A form no channel reads is not rendered, in the digest as in its items; the text always is. */
  @Test
  void aDigestIsRenderedOnlyInTheFormsAskedFor() {
    Message slackOnly = renderer.rendering(Set.of(LessonForm.SLACK)).digest(DueLessons.newBuilder()
        .setDeliveryId("digest-1").setRecipient("alice@example.com")
        .setLessons(java.util.List.of(AddressedLesson.newBuilder().setRecipient("alice@example.com")
            .setCreatorFoundBy("the finding names who made the change")
            .setNotification(lesson("S3.8", Outcome.NOTIFY_ONLY)).build()))
        .setWindowStart(Instant.parse("2026-11-01T09:00:00Z")).setWindowEnd(Instant.parse("2026-11-01T10:00:00Z"))
        .build());

    assertThat(slackOnly.body()).contains("1. S3.8 on arn:aws:s3:::team-reports: please fix");
    assertThat(slackOnly.slack()).contains("*S3.8 on arn:aws:s3:::team-reports: please fix*");
    assertThat(slackOnly.html()).isNull();
  }

  @Test
  void aDigestListsEachLessonWithWhatHappenedAndTheSecureSnippetInEveryForm() {
    Message message = digest(lesson("S3.8", Outcome.NOTIFY_ONLY),
        TestNotifications.lessonAfter("EC2.19", RemediationStatus.APPLIED, "revoked"));

    assertThat(message.notificationId()).isEqualTo("digest-1");
    assertThat(message.recipient()).isEqualTo("alice@example.com");
    assertThat(message.subject()).isEqualTo("[Redress] 2 lessons about resources you created or changed (S3.8, EC2.19)");
    assertThat(message.body())
        .contains("between 2026-11-01 09:00 UTC and 2026-11-01 10:00 UTC")
        .contains("1. S3.8 on arn:aws:s3:::team-reports: please fix")
        .contains("2. EC2.19 on arn:aws:s3:::team-reports: fixed automatically")
        .contains("aws_s3_bucket_public_access_block");
    assertThat(message.html()).contains("<h2 style=\"font-size: 1.1em;\">S3.8 on arn:aws:s3:::team-reports: please fix</h2>")
        .contains("aws_s3_bucket_public_access_block");
    assertThat(message.slack()).contains("*EC2.19 on arn:aws:s3:::team-reports: fixed automatically*")
        .contains("```");
  }

  @Test
  void aScriptInAFindingIsEscapedInTheDigestsHtmlAndSlack() {
    Message message = digest(lesson(finding("S3.8").setTitle("Bucket " + SCRIPT).build(), Outcome.NOTIFY_ONLY),
        lesson(finding("S3.2").setTitle("Other " + SCRIPT).build(), Outcome.NOTIFY_ONLY));

    assertThat(message.html()).doesNotContain("<script>")
        .contains("Bucket &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "Other &lt;script&gt;");
    assertThat(message.slack()).doesNotContain("<script>").contains("Bucket &lt;script&gt;alert('x')&lt;/script&gt;");
  }

  @Test
  void templateSyntaxInAFindingIsShownLiterallyInTheDigest() {
    Message message = digest(lesson(finding("S3.8").setTitle(SYNTAX).build(), Outcome.NOTIFY_ONLY),
        lesson(finding("S3.2").setControl("S3.2<b>").build(), Outcome.NOTIFY_ONLY));

    assertThat(message.body()).contains(SYNTAX).doesNotContain("49");
    assertThat(message.html()).contains("${7*7} &lt;#assign x=1&gt;").doesNotContain("<b>")
        .contains("S3.2&lt;b&gt;");
    assertThat(message.slack()).contains("${7*7} &lt;#assign x=1&gt;");
  }

  @Test
  void theDigestsSubjectCannotCarryALineBreakFromAFinding() {
    Message message = digest(lesson(finding("S3.8").setControl("S3.8\r\nBcc: x@example.com").build(),
        Outcome.NOTIFY_ONLY), lesson("S3.2", Outcome.NOTIFY_ONLY));

    assertThat(message.subject()).doesNotContain("\n", "\r");
  }

  @Test
  void aFindingsTextCannotEndTheListAndAddItsOwnItems() {
    List<String> lines = digest(lesson(finding("S3.8").setTitle("x\n2. fake lesson").build(), Outcome.NOTIFY_ONLY),
        lesson("S3.2", Outcome.NOTIFY_ONLY)).body().lines().toList();

    assertThat(lines).noneMatch(line -> line.startsWith("2. fake"));
  }
}
