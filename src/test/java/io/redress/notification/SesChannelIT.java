package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.Outcome;
import io.redress.testing.MotoServer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Lessons through SES v2, against moto; the mail moto accepted is read back from its state. */
class SesChannelIT {

  private static final String SENDER = "redress@example.com";
  private static MotoServer moto;
  private static SesV2Client ses;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    ses = SesV2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
        .build();
  }

  @AfterAll
  static void stopMoto() {
    ses.close();
    moto.close();
  }

  @BeforeEach
  void emptyCloud() throws Exception {
    moto.reset();
  }

  @Test
  void aLessonIsSentFromTheVerifiedSenderToTheCreatorWithItsSubjectAndHtml() throws Exception {
    ses.createEmailIdentity(request -> request.emailIdentity(SENDER));
    Message lesson = TestNotifications.renderer().render(TestNotifications.lesson("KMS.4", Outcome.NOTIFY_ONLY));
    Message toAlice = new Message(lesson.notificationId(), "alice@example.com", lesson.subject(), lesson.body(),
        lesson.html(), lesson.slack());

    new SesChannel(ses, SENDER).deliver(toAlice);

    assertThat(sentMessages()).singleElement().satisfies(sent -> {
      assertThat(sent.path("source").asText()).isEqualTo(SENDER);
      assertThat(sent.path("destinations").toString()).contains("alice@example.com");
      MimeMessage mail = mail(sent);
      assertThat(mail.getSubject()).isEqualTo(lesson.subject());
      assertThat(mail.getRecipients(jakarta.mail.Message.RecipientType.TO)).extracting(Object::toString)
          .containsExactly("alice@example.com");
      MimeMultipart alternatives = (MimeMultipart) mail.getContent();
      assertThat(alternatives.getBodyPart(0).getContent().toString()).isEqualTo(lesson.body());
      assertThat(alternatives.getBodyPart(1).getContent().toString()).contains("<!DOCTYPE html>")
          .contains("enable_key_rotation");
    });
  }

  /** As over SMTP: a mail client decodes the subject once, back to the text as escaped, never into what it encodes. */
  @Test
  void aSubjectHoldingAnEncodedWordIsSentEncodedWhole() throws Exception {
    ses.createEmailIdentity(request -> request.emailIdentity(SENDER));
    String smuggled = "=?UTF-8?B?4oCuZ25wLmV4ZQ==?=";

    new SesChannel(ses, SENDER).deliver(new Message("n-1", "alice@example.com", "Fixed bucket " + smuggled, "body"));

    assertThat(sentMessages()).singleElement().satisfies(sent -> {
      MimeMessage mail = mail(sent);
      assertThat(mail.getHeader("Subject")[0]).doesNotContain(smuggled).startsWith("=?UTF-8?B?");
      assertThat(mail.getSubject()).isEqualTo("Fixed bucket " + smuggled);
    });
  }

  private static MimeMessage mail(JsonNode sent) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(sent.path("raw_data").asText().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anUnverifiedSenderFailsTheDeliveryAndNothingIsSent() throws Exception {
    assertThatThrownBy(() -> new SesChannel(ses, "unverified@example.com")
        .deliver(new Message("n-1", "bob@example.com", "subject", "body")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bob@example.com");
    assertThat(sentMessages()).isEmpty();
  }

  /** Every message moto's SES accepted ({@code ses.RawMessage} in its state: Redress sends raw messages). */
  private static List<JsonNode> sentMessages() throws Exception {
    List<JsonNode> sent = new ArrayList<>();
    new ObjectMapper().readTree(moto.state()).path("ses").path("RawMessage").forEach(sent::add);
    return sent;
  }
}
