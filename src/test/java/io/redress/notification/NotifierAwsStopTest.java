package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.RedressConfig.ChannelSettings;
import io.redress.resource.OwnAccount;
import io.redress.testing.SilentAws;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The notifier's AWS calls (the lesson's email through SES, the creator's lookup in CloudTrail, the recipient's IAM
 * tag) stopped the way the record loop's close stops the records in hand, against an endpoint that accepts and never
 * answers: each ends soon after its interrupt, the interrupt kept, where the HTTP client alone would read its socket
 * for 30 s on every attempt while the loop's stop waited.
 */
class NotifierAwsStopTest {

  /** Well inside the loop's 15 s, and below the 15 s after which the SDK's own attempt timeout would end the call. */
  private static final Duration PROMPTLY = Duration.ofSeconds(10);
  private static final String REGION = "eu-west-1";

  private String accessKey;
  private String secretKey;

  /** The clients use the SDK's default credentials, as the notifier's role does; the emulator takes any. */
  @BeforeEach
  void credentials() {
    accessKey = System.setProperty("aws.accessKeyId", "key");
    secretKey = System.setProperty("aws.secretAccessKey", "secret");
  }

  @AfterEach
  void restoreCredentials() {
    restore("aws.accessKeyId", accessKey);
    restore("aws.secretAccessKey", secretKey);
  }

  @Test
  void anEmailSesNeverAnswersEndsSoonAfterTheNotificationIsInterrupted() throws Exception {
    try (SilentAws aws = new SilentAws(TestNotifications.ACCOUNT);
        DeliveryChannel ses = new SesChannel.Type().open("ses", new ChannelSettings("ses", null, null,
            "redress@example.com", null, null, null, REGION, Optional.of(aws.uri()), Optional.empty()))) {
      SilentAws.Stopped stopped = aws.stopWhileWaiting(() ->
          ses.deliver(new Message("notification-1", "alice@example.com", "subject", "body")));

      assertThat(stopped.afterFirstInterrupt()).isLessThan(PROMPTLY);
      assertThat(stopped.thrown()).as("a failed delivery, tried again later").isInstanceOf(IllegalStateException.class)
          .hasCauseInstanceOf(SdkClientException.class);
      assertThat(stopped.interrupted()).as("the caller still sees it was interrupted").isTrue();
    }
  }

  @Test
  void aCreatorLookupCloudTrailNeverAnswersEndsSoonAfterTheNotificationIsInterrupted() throws Exception {
    try (SilentAws aws = new SilentAws(TestNotifications.ACCOUNT);
        OwnAccount own = OwnAccount.of(REGION, Optional.of(aws.uri()));
        CloudTrailApiLookup lookup = CloudTrailApiLookup.of(own, Optional.of(aws.uri()))) {
      SilentAws.Stopped stopped = aws.stopWhileWaiting(() ->
          assertThat(lookup.candidates(TestNotifications.finding("S3.8").setActor(null).build())).isEmpty());

      assertThat(stopped.afterFirstInterrupt()).isLessThan(PROMPTLY);
      assertThat(stopped.thrown()).as("a failed lookup passes the lesson on").isNull();
      assertThat(stopped.interrupted()).as("the caller still sees it was interrupted").isTrue();
    }
  }

  @Test
  void aRecipientsTagIamNeverAnswersEndsSoonAfterTheNotificationIsInterrupted() throws Exception {
    try (SilentAws aws = new SilentAws(TestNotifications.ACCOUNT);
        OwnAccount own = OwnAccount.of(REGION, Optional.of(aws.uri()));
        IamUserTags tags = IamUserTags.of("email", own, REGION, Optional.of(aws.uri()))) {
      SilentAws.Stopped stopped = aws.stopWhileWaiting(() ->
          assertThat(tags.tagOf("arn:aws:iam::" + TestNotifications.ACCOUNT + ":user/alice")).isEmpty());

      assertThat(stopped.afterFirstInterrupt()).isLessThan(PROMPTLY);
      assertThat(stopped.thrown()).as("a failed tag read passes the lesson on").isNull();
      assertThat(stopped.interrupted()).as("the caller still sees it was interrupted").isTrue();
    }
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }
}
