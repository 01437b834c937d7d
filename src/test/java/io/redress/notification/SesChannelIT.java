package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.Outcome;
import io.redress.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
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
      assertThat(sent.path("subject").asText()).isEqualTo(lesson.subject());
      assertThat(sent.path("body").asText()).contains("<!DOCTYPE html>").contains("enable_key_rotation");
    });
  }

  @Test
  void anUnverifiedSenderFailsTheDeliveryAndNothingIsSent() throws Exception {
    assertThatThrownBy(() -> new SesChannel(ses, "unverified@example.com")
        .deliver(new Message("n-1", "bob@example.com", "subject", "body")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bob@example.com");
    assertThat(sentMessages()).isEmpty();
  }

  /** Every message moto's SES accepted ({@code ses.Message} in its state). */
  private static List<JsonNode> sentMessages() throws Exception {
    List<JsonNode> sent = new ArrayList<>();
    new ObjectMapper().readTree(moto.state()).path("ses").path("Message").forEach(sent::add);
    return sent;
  }
}
