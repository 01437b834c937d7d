package io.redress.notification;

import static io.redress.notification.TestNotifications.BUCKET;
import static io.redress.notification.TestNotifications.lesson;
import static io.redress.notification.TestNotifications.renderer;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Mode;
import io.redress.contract.Notification;
import io.redress.contract.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LessonRenderingTest {

  private final NotificationRenderer renderer = renderer();

  @Test
  void aRemediatedPublicBucketLessonNamesTheBucketAndControlAndSaysAFixWasOrdered() {
    Message message = renderer.render(lesson("S3.8", Outcome.REMEDIATE));

    assertThat(message.subject()).contains("S3.8", BUCKET, "automatic fix ordered");
    assertThat(message.body())
        .contains("Resource: " + BUCKET + " (AwsS3Bucket)")
        .contains("Control:  S3.8")
        .contains("Account:  111122223333, region eu-west-1")
        .contains("S3 general purpose buckets should block public access")
        .contains("Redress has ordered an automatic fix: when it is applied, it will have turned on all four S3"
            + " Block Public Access settings for the bucket.");
  }

  /**
   * A lesson goes out when the fix is ordered, before an executor ran it: with no AWS access configured the result
   * is only a plan, an exception approved meanwhile stops it, and the fix can fail. The lesson must not promise more.
   */
  @Test
  void aLessonSentWhenTheFixIsOrderedPromisesNothingTheExecutorHasNotDoneYet() {
    Message message = renderer.render(lesson("S3.8", Outcome.REMEDIATE));

    assertThat(message.body())
        .doesNotContain("Nothing more is needed from you")
        .doesNotContain("is fixing it")
        .contains("before it runs")
        .contains("only be planned");
  }

  @Test
  void thePublicBucketLessonContainsTheTerraformSnippetVerbatim() throws IOException {
    Message message = renderer.render(lesson("S3.8", Outcome.REMEDIATE));

    assertThat(message.body()).contains(snippet("terraform.tf"));
  }

  @Test
  void thePublicBucketLessonContainsTheCloudFormationSnippetVerbatim() throws IOException {
    Message message = renderer.render(lesson("S3.8", Outcome.REMEDIATE));

    assertThat(message.body()).contains(snippet("cloudformation.yaml"));
  }

  @Test
  void aDryRunLessonSaysRedressWouldFixItAndChangedNothing() {
    Message message = renderer.render(lesson("S3.8", Outcome.DRY_RUN));

    assertThat(message.subject()).contains("would be fixed (dry run)");
    assertThat(message.body())
        .contains("Redress would fix it; it is in dry-run for this control, so nothing was changed.")
        .doesNotContain("Redress has ordered");
  }

  @Test
  void aNotifyOnlyLessonAsksTheCreatorToFixIt() {
    Message message = renderer.render(lesson("S3.8", Outcome.NOTIFY_ONLY));

    assertThat(message.subject()).contains("please fix");
    assertThat(message.body())
        .contains("this control is set to notify only, so please fix it yourself.")
        .doesNotContain("Redress has ordered")
        .doesNotContain("Redress would fix it");
  }

  @Test
  void aNotifyOnlyLessonForAControlWithoutAFixSaysThereIsNoAutomaticFix() {
    Notification notification = lesson("EC2.19", Outcome.NOTIFY_ONLY);
    notification.getDecision().setMode(Mode.AUTO);
    notification.getDecision().setAction(null);

    assertThat(renderer.render(notification).body())
        .contains("it has no automatic fix for this control yet, so please fix it yourself.")
        .doesNotContain("set to notify only");
  }

  @Test
  void publicReadAndPublicWriteFindingsAreTaughtBlockPublicAccessWithTheirOwnSnippets() throws IOException {
    for (String control : new String[] {"S3.2", "S3.3"}) {
      Message message = renderer.render(lesson(control, Outcome.REMEDIATE));

      assertThat(message.subject()).contains(control);
      assertThat(message.body())
          .contains("Control:  " + control)
          .contains(snippet(control, "terraform.tf"))
          .contains(snippet(control, "before/terraform.tf"))
          .contains(snippet(control, "cloudformation.yaml"))
          .contains("turned on all four S3 Block Public Access settings")
          .contains("s3-controls.html#" + control.toLowerCase().replace('.', '-'));
    }
  }

  @Test
  void aControlWithoutItsOwnLessonGetsTheFallbackLessonWithItsDocumentation() throws IOException {
    Message message = renderer.render(lesson(TestNotifications.finding("GuardDuty.1")
        .setTitle("GuardDuty should be enabled")
        .setDescription("Without GuardDuty, threats in the account go unnoticed.")
        .build(), Outcome.REMEDIATE, "guardduty-enable"));

    assertThat(message.subject()).contains("GuardDuty.1");
    assertThat(message.body())
        .contains("Control:  GuardDuty.1")
        .contains("Redress has ordered an automatic fix: when it is applied, it will have applied its"
            + " guardduty-enable remediation.")
        .contains("Without GuardDuty, threats in the account go unnoticed.")
        .contains("https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1")
        .doesNotContain("Terraform");
  }

  @Test
  void aFindingWithoutAControlGetsTheFallbackLesson() {
    Message message = renderer.render(lesson(TestNotifications.finding(null).build(), Outcome.NOTIFY_ONLY));

    assertThat(message.body())
        .contains("Control:  (no mapped control)")
        .contains("please fix it yourself")
        .doesNotContain("docs.aws.amazon.com");
  }

  @Test
  void aLessonForAnUnknownCreatorTellsTheSecurityContactToPassItOn() {
    Message message = renderer.render(lesson(TestNotifications.finding("S3.8").setActor(null).build(),
        Outcome.REMEDIATE));

    assertThat(message.body()).contains("could not tell who created").contains("pass it on");
  }

  @Test
  void aLessonForAKnownCreatorIsAddressedToThem() {
    Message message = renderer.render(lesson("S3.8", Outcome.REMEDIATE));

    assertThat(message.body()).contains("a resource you created or changed").doesNotContain("pass it on");
  }

  /** The snippet files as packaged, which the lessons must include byte for byte. */
  private static String snippet(String name) throws IOException {
    return snippet("S3.8", name);
  }

  static String snippet(String control, String name) throws IOException {
    try (InputStream in = LessonRenderingTest.class.getResourceAsStream("/templates/lessons/" + control + "/" + name)) {
      assertThat(in).as("packaged snippet " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
