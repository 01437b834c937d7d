package io.redress.notification;

import static io.redress.notification.TestNotifications.SECURITY_CONTACT;
import static io.redress.notification.TestNotifications.finding;
import static io.redress.notification.TestNotifications.lesson;
import static io.redress.notification.TestNotifications.renderer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.cache.TemplateLoader;
import io.redress.contract.Finding;
import io.redress.contract.Outcome;
import org.junit.jupiter.api.Test;

/** Finding-supplied text comes out harmless in every form, and templates cannot reach Java. */
class HostileTextTest {

  private static final String SCRIPT = "<script>alert('x')</script>";
  private final NotificationRenderer renderer = renderer();

  private Message render(Finding finding) {
    return renderer.render(lesson(finding, Outcome.NOTIFY_ONLY));
  }

  @Test
  void aScriptInTheTitleIsEscapedInHtmlAndSlack() {
    Message message = render(finding("S3.8").setTitle("Bucket " + SCRIPT).build());

    assertThat(message.html()).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assertThat(message.slack()).doesNotContain("<script>").contains("&lt;script&gt;alert('x')&lt;/script&gt;");
  }

  @Test
  void aSlackBroadcastOrMentionInATagLikeTitleCannotNotifyAnyone() {
    Message message = render(finding("S3.8").setTitle("<!channel> <!here> <@U024BE7LH> <https://evil.example|click>")
        .build());

    assertThat(message.slack())
        .doesNotContain("<!channel>", "<!here>", "<@U024BE7LH>", "<https://evil.example")
        .contains("&lt;!channel&gt; &lt;!here&gt; &lt;@U024BE7LH&gt; &lt;https://evil.example|click&gt;");
  }

  @Test
  void templateSyntaxInFindingTextIsShownLiterallyNeverEvaluated() {
    String syntax = "${7*7} <#assign x=1> ${\"freemarker.template.utility.Execute\"?new()(\"id\")}";
    Message message = render(finding("S3.8").setTitle(syntax).build());

    assertThat(message.body()).contains(syntax).doesNotContain("49");
    assertThat(message.slack()).contains("${7*7}");
    assertThat(message.html()).contains("${7*7} &lt;#assign x=1&gt;");
  }

  @Test
  void aLineBreakInTheTitleCannotAddAMailHeaderOrAFakeLine() {
    Message message = render(finding("S3.8").setTitle("Public\r\nBcc: attacker@example.com").build());

    assertThat(message.subject()).doesNotContain("\n", "\r");
    assertThat(message.body()).contains("PublicU+000DU+000ABcc: attacker@example.com")
        .doesNotContain("\nBcc:");
  }

  @Test
  void aRightToLeftOverrideInAResourceIdIsShownAsItsCodePoint() {
    Finding.Builder finding = finding("S3.8");
    finding.getResource().setId("arn:aws:s3:::invoices\u202Egpj.exe");
    Message message = render(finding.build());

    assertThat(message.body()).contains("invoicesU+202Egpj.exe").doesNotContain("\u202E");
    assertThat(message.subject()).doesNotContain("\u202E");
  }

  @Test
  void aVeryLongNameIsCutSayingHowLongItWas() {
    String longName = "x".repeat(100_000);
    Message message = render(finding("S3.8").setTitle(longName).build());

    assertThat(message.body()).contains("x".repeat(Shown.SHORT) + "… [cut from 100000 characters]")
        .doesNotContain("x".repeat(Shown.SHORT + 1));
    assertThat(message.html().length()).isLessThan(20_000);
    assertThat(message.slack().length()).isLessThan(10_000);
  }

  @Test
  void aCutThatWouldSplitACharacterOutsideTheBasicPlaneKeepsItWhole() {
    String face = "\uD83D\uDE00";
    String beforeTheEdge = "x".repeat(Shown.SHORT - 1) + face + "y";
    String atTheEdge = "x".repeat(Shown.SHORT - 2) + face + "y";

    assertThat(Shown.text(beforeTheEdge)).isEqualTo("x".repeat(Shown.SHORT - 1) + "… [cut from 202 characters]");
    assertThat(Shown.text(atTheEdge)).isEqualTo("x".repeat(Shown.SHORT - 2) + face + "… [cut from 201 characters]");
    String notCut = "x".repeat(Shown.SHORT - 1) + "\uD83D";
    assertThat(Shown.text(notCut)).isEqualTo(notCut);
  }

  @Test
  void aTemplateCannotInstantiateEvenAClassFreeMarkerCallsSafe() {
    NotificationRenderer withLesson = rendererWithLesson(
        "<#assign fixed = \"freemarker.template.SimpleScalar\"?new(\"made\")><#assign why = \"\">");

    assertThatThrownBy(() -> withLesson.render(lesson("EVIL.1", Outcome.NOTIFY_ONLY)))
        .isInstanceOf(NotificationRenderer.RenderingException.class)
        .hasMessageContaining("SimpleScalar");
  }

  @Test
  void aTemplateCannotInstantiateJavaClasses() {
    NotificationRenderer withHostileLesson = rendererWithLesson(
        "<#assign fixed = \"freemarker.template.utility.Execute\"?new()(\"id\")><#assign why = \"\">");

    assertThatThrownBy(() -> withHostileLesson.render(lesson("EVIL.1", Outcome.NOTIFY_ONLY)))
        .isInstanceOf(NotificationRenderer.RenderingException.class)
        .hasMessageContaining("Execute");
  }

  @Test
  void aTemplateCannotReachJavaApiOfItsData() {
    NotificationRenderer withHostileLesson = rendererWithLesson(
        "<#assign fixed = title?api.getClass().getName()><#assign why = \"\">");

    assertThatThrownBy(() -> withHostileLesson.render(lesson("EVIL.1", Outcome.NOTIFY_ONLY)))
        .isInstanceOf(NotificationRenderer.RenderingException.class)
        .hasMessageContaining("api");
  }

  private static NotificationRenderer rendererWithLesson(String content) {
    StringTemplateLoader hostile = new StringTemplateLoader();
    hostile.putTemplate("lessons/EVIL.1/lesson.ftl", content);
    TemplateLoader templates = new MultiTemplateLoader(new TemplateLoader[] {
        hostile, NotificationRenderer.packagedTemplates()});
    return new NotificationRenderer(templates, new Recipients(CreatorLookup.findingActor(), SECURITY_CONTACT));
  }
}
