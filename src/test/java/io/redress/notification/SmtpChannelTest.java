package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.redress.config.RedressConfig.ChannelSettings;
import io.redress.contract.Outcome;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lessons by email through a real SMTP server (GreenMail, in this JVM). */
class SmtpChannelTest {

  private GreenMail smtp;

  @BeforeEach
  void startServer() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void stopServer() {
    smtp.stop();
  }

  private DeliveryChannel channel(int port) {
    return new SmtpChannel.Type().open("notifications.channels.email", new ChannelSettings("smtp", "127.0.0.1", port,
        "redress@example.com", false, null, null, null, Optional.empty(), Optional.empty()));
  }

  @Test
  void aLessonArrivesAsTextAndHtmlAlternativesFromTheConfiguredSender() throws Exception {
    Message lesson = TestNotifications.renderer().render(TestNotifications.lesson("S3.8", Outcome.NOTIFY_ONLY));
    Message toAlice = new Message(lesson.notificationId(), "alice@example.com", lesson.subject(), lesson.body(),
        lesson.html(), lesson.slack());

    channel(smtp.getSmtp().getPort()).deliver(toAlice);

    MimeMessage received = smtp.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo(lesson.subject());
    assertThat(received.getFrom()[0].toString()).isEqualTo("redress@example.com");
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
    assertThat(received.getHeader("X-Redress-Notification")[0]).isEqualTo(lesson.notificationId());
    MimeMultipart parts = (MimeMultipart) received.getContent();
    assertThat(parts.getContentType()).startsWith("multipart/alternative");
    assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).contains("What Redress did");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
  }

  /** Encoded, a right-to-left override would reach a lenient mail client's subject line past the lesson's escaping. */
  @Test
  void aSubjectHoldingAnEncodedWordIsSentEncodedWholeSoItReadsAsWritten() throws Exception {
    String smuggled = "=?UTF-8?B?4oCuZ25wLmV4ZQ==?=";
    String subject = "[Redress] S3.8 on " + smuggled + ": please fix (a subject long enough to be folded in two)";
    channel(smtp.getSmtp().getPort()).deliver(new Message("n-1", "alice@example.com", subject, "body", null, null));
    channel(smtp.getSmtp().getPort()).deliver(new Message("n-2", "alice@example.com", "[Redress] plain", "body",
        null, null));

    MimeMessage received = smtp.getReceivedMessages()[0];
    assertThat(received.getHeader("Subject")[0]).doesNotContain(smuggled).startsWith("=?UTF-8?B?");
    assertThat(received.getSubject()).isEqualTo(subject);
    assertThat(smtp.getReceivedMessages()[1].getHeader("Subject")[0]).isEqualTo("[Redress] plain");
  }

  @Test
  void aLessonWhoseCreatorsNameMakesNoMailableAddressReachesTheSecurityContact() throws Exception {
    Message lesson = TestNotifications.renderer().render(TestNotifications.lesson(TestNotifications.finding("S3.8")
        .setActor("arn:aws:iam::111122223333:user/john.").build(), Outcome.NOTIFY_ONLY));

    channel(smtp.getSmtp().getPort()).deliver(lesson);

    assertThat(smtp.getReceivedMessages()).singleElement().satisfies(received ->
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo(TestNotifications.SECURITY_CONTACT));
  }

  @Test
  void aServerThatIsDownFailsTheDeliveryNamingTheRecipient() {
    int port = smtp.getSmtp().getPort();
    smtp.stop();

    assertThatThrownBy(() -> channel(port).deliver(new Message("n-1", "bob@example.com", "s", "b")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bob@example.com");
  }
}
