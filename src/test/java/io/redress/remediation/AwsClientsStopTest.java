package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.Resource;
import io.redress.testing.SilentAws;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The executor's AWS calls stopped the way the record loop's close stops the records in hand (an interrupt, then one
 * each second), against a local endpoint that accepts connections and never answers, as AWS may when the network
 * between fails. The loop leaves a command 15 s from its first interrupt before it gives up on the stop.
 */
class AwsClientsStopTest {

  private static final String OWN_ACCOUNT = "123456789012";
  private static final String ROLE_ACCOUNT = "210987654321";
  /** Well inside the loop's 15 s, and below the 15 s after which the SDK's own attempt timeout would end the call. */
  private static final Duration PROMPTLY = Duration.ofSeconds(10);

  @Test
  void aCallAwsNeverAnswersEndsSoonAfterTheCommandIsInterruptedAndTheInterruptIsKept() throws Exception {
    try (SilentAws aws = new SilentAws(OWN_ACCOUNT); AwsClients clients = clients(aws)) {
      SilentAws.Stopped stopped = aws.stopWhileWaiting(() -> {
        try (AwsSession session = clients.session(bucketIn(OWN_ACCOUNT), "own-account-command")) {
          session.s3().getBucketVersioning(request -> request.bucket("silent"));
        }
      });

      assertThat(stopped.afterFirstInterrupt()).isLessThan(PROMPTLY);
      assertThat(stopped.thrown()).isInstanceOf(SdkClientException.class);
      assertThat(stopped.interrupted()).as("the caller still sees it was interrupted").isTrue();
    }
  }

  @Test
  void assumingAnAccountsRoleAwsNeverAnswersEndsSoonAfterTheCommandIsInterruptedAndTheInterruptIsKept()
      throws Exception {
    try (SilentAws aws = new SilentAws(OWN_ACCOUNT); AwsClients clients = clients(aws)) {
      SilentAws.Stopped stopped = aws.stopWhileWaiting(() -> clients.session(bucketIn(ROLE_ACCOUNT), "cross-account-command")
          .close());

      assertThat(stopped.afterFirstInterrupt()).isLessThan(PROMPTLY);
      assertThat(stopped.thrown()).isInstanceOf(SdkClientException.class);
      assertThat(stopped.interrupted()).as("the caller still sees it was interrupted").isTrue();
    }
  }

  private static AwsClients clients(SilentAws aws) {
    AwsSettings settings = new AwsSettings(true, "us-east-1", Optional.of(aws.uri()),
        Map.of(ROLE_ACCOUNT, new AccountRole("arn:aws:iam::" + ROLE_ACCOUNT + ":role/redress", Optional.empty())),
        false);
    return new AwsClients(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")));
  }

  private static Resource bucketIn(String account) {
    return Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::silent").setPartition("aws")
        .setAccount(account).setRegion("us-east-1").build();
  }
}
