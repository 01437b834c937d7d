package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.resource.OwnAccount;
import io.redress.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** An IAM user's address tag read with iam:ListUserTags, against moto. */
class IamUserTagsIT {

  private static final String USER_ARN = "arn:aws:iam::" + MotoServer.DEFAULT_ACCOUNT + ":user/";
  private static MotoServer moto;
  private static IamClient iam;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-01T09:00:00Z"));
  private OwnAccount ownAccount;
  private IamUserTags tags;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    // The notifier's own clients take the SDK's default credentials.
    System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
        .build();
  }

  @AfterAll
  static void stopMoto() {
    iam.close();
    moto.close();
  }

  @BeforeEach
  void emptyCloud() throws Exception {
    moto.reset();
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        return now.get();
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    ownAccount = OwnAccount.of("eu-west-1", Optional.of(moto.endpoint()));
    tags = new IamUserTags(iam, ownAccount, "email", clock);
  }

  @AfterEach
  void closeOwnAccount() {
    ownAccount.close();
  }

  @Test
  void aUsersAddressTagIsReadByItsName() {
    iam.createUser(request -> request.userName("alice").path("/engineering/")
        .tags(tag -> tag.key("team").value("payments"), tag -> tag.key("email").value("alice.smith@corp.example")));

    try (IamUserTags configured = IamUserTags.of("email", ownAccount, "eu-west-1",
        Optional.of(moto.endpoint()))) {
      assertThat(configured.tagOf(USER_ARN + "engineering/alice")).contains("alice.smith@corp.example");
    }
  }

  @Test
  void aUserWithoutTheTagAndAUserThatDoesNotExistHaveNone() {
    iam.createUser(request -> request.userName("bob").tags(tag -> tag.key("owner").value("bob@corp.example")));

    assertThat(tags.tagOf(USER_ARN + "bob")).isEmpty();
    assertThat(tags.tagOf(USER_ARN + "nobody")).as("NoSuchEntity is no reason to fail").isEmpty();
  }

  @Test
  void anAssumedRoleSessionIsNotAUserAndIsNotLookedUp() {
    iam.createUser(request -> request.userName("carol").tags(tag -> tag.key("email").value("carol@corp.example")));

    assertThat(tags.tagOf("arn:aws:sts::" + MotoServer.DEFAULT_ACCOUNT + ":assumed-role/dev/carol")).isEmpty();
  }

  @Test
  void anAnswerIsRememberedForAnHourThenReadAgain() {
    iam.createUser(request -> request.userName("dave").tags(tag -> tag.key("email").value("dave@corp.example")));
    assertThat(tags.tagOf(USER_ARN + "dave")).contains("dave@corp.example");
    iam.tagUser(request -> request.userName("dave").tags(tag -> tag.key("email").value("dave@new.example")));

    now.set(now.get().plus(Duration.ofMinutes(59)));
    assertThat(tags.tagOf(USER_ARN + "dave")).contains("dave@corp.example");

    now.set(now.get().plus(Duration.ofMinutes(1)));
    assertThat(tags.tagOf(USER_ARN + "dave")).contains("dave@new.example");
  }

  @Test
  void aUserOfAnotherAccountIsNotReadThoughThisAccountHasAUserOfTheSameName() {
    iam.createUser(request -> request.userName("erin").tags(tag -> tag.key("email").value("erin@corp.example")));

    assertThat(tags.tagOf("arn:aws:iam::444455556666:user/erin")).isEmpty();
    assertThat(tags.tagOf(USER_ARN + "erin")).contains("erin@corp.example");
  }
}
