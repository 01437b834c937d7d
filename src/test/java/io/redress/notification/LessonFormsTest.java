package io.redress.notification;

import static io.redress.notification.TestNotifications.lesson;
import static io.redress.notification.TestNotifications.renderer;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every catalogued control has a lesson folder, rendered in all three forms with its own snippets. */
class LessonFormsTest {

  /** The remediation catalogue's controls (issue 7's list). */
  static Stream<String> catalogue() {
    return Stream.of("S3.1", "S3.2", "S3.3", "S3.4", "S3.5", "S3.6", "S3.8", "S3.14", "EC2.1", "EC2.2", "EC2.7",
        "EC2.8", "EC2.13", "EC2.14", "EC2.18", "EC2.19", "RDS.1", "RDS.2", "IAM.3", "IAM.7", "IAM.8", "KMS.4",
        "CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "Lambda.1", "SNS.1", "SQS.1");
  }

  private final NotificationRenderer renderer = renderer();

  @ParameterizedTest
  @MethodSource("catalogue")
  void theTextEmailTeachesTheControlWithItsSecureTerraformVerbatim(String control) throws IOException {
    Message message = renderer.render(lesson(control, Outcome.NOTIFY_ONLY));

    assertThat(message.subject()).startsWith("[Redress] " + control + " on ");
    assertThat(message.body())
        .contains("Control:  " + control)
        .contains("Why it matters")
        .contains(packaged(control, "terraform.tf"))
        .doesNotContain("applied its")
        .contains("-controls.html#" + control.toLowerCase().replace('.', '-'));
    optional(control, "before/terraform.tf").ifPresent(before -> assertThat(message.body()).contains(before));
    optional(control, "cloudformation.yaml").ifPresent(snippet -> assertThat(message.body()).contains(snippet));
  }

  @ParameterizedTest
  @MethodSource("catalogue")
  void theHtmlEmailIsOneEscapedDocumentWithTheSnippets(String control) throws IOException {
    String html = renderer.render(lesson(control, Outcome.NOTIFY_ONLY)).html();

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>[Redress] " + control + " on ")
        .contains(htmlEscaped(packaged(control, "terraform.tf"))).endsWith("</html>\n");
  }

  @ParameterizedTest
  @MethodSource("catalogue")
  void theSlackMessageCarriesTheSecureTerraformInACodeBlock(String control) throws IOException {
    String slack = renderer.render(lesson(control, Outcome.NOTIFY_ONLY)).slack();

    assertThat(slack).startsWith("*[Redress] " + control + " on ")
        .contains("```\n" + SlackOutputFormat.escape(packaged(control, "terraform.tf")) + "```");
  }

  private static String htmlEscaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  static String packaged(String control, String name) throws IOException {
    return optional(control, name).orElseThrow(() -> new AssertionError("no " + name + " for " + control));
  }

  private static java.util.Optional<String> optional(String control, String name) throws IOException {
    try (InputStream in = LessonFormsTest.class.getResourceAsStream("/templates/lessons/" + control + "/" + name)) {
      return in == null ? java.util.Optional.empty()
          : java.util.Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
