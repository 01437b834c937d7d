package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.testing.MotoServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 Block Public Access remediation run by the executor against moto, the AWS emulator. */
class S3BlockPublicAccessIT {

  private static final String ACCOUNT = MotoServer.DEFAULT_ACCOUNT;
  private static final String OTHER_ACCOUNT = "111111111111";
  private static final AccountRole OTHER_ACCOUNT_ROLE =
      new AccountRole("arn:aws:iam::" + OTHER_ACCOUNT + ":role/redress-remediator", Optional.of("redress-external-id"));
  private static final StaticCredentialsProvider TEST_KEYS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));

  private static MotoServer moto;
  private static S3Client s3;

  private RemediationExecutor executor;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    s3 = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.US_EAST_1)
        .endpointOverride(moto.endpoint())
        .forcePathStyle(true)
        .credentialsProvider(TEST_KEYS)
        .build();
  }

  @AfterAll
  static void stopMoto() {
    s3.close();
    moto.close();
  }

  @BeforeEach
  void emptyCloud() throws Exception {
    moto.reset();
    executor = executorWith(false);
  }

  @AfterEach
  void closeExecutor() {
    executor.close();
  }

  @Test
  void aBucketWithoutBlockPublicAccessGetsAllFourSettingsTurnedOn() {
    s3.createBucket(b -> b.bucket("open-bucket"));

    RemediationResult result = executor.execute(command("arn:aws:s3:::open-bucket", false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(settingsOf("open-bucket")).isEqualTo(allOn());
    assertThat(result.getBefore()).isEqualTo(
        "{\"BlockPublicAcls\":false,\"IgnorePublicAcls\":false,\"BlockPublicPolicy\":false,\"RestrictPublicBuckets\":false}");
    assertThat(result.getAfter()).isEqualTo(
        "{\"BlockPublicAcls\":true,\"IgnorePublicAcls\":true,\"BlockPublicPolicy\":true,\"RestrictPublicBuckets\":true}");
    assertThat(result.getApiCalls()).containsExactly(
        "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock");
    assertThat(result.getPrincipal()).isNull();
  }

  @Test
  void aBucketWithSomeSettingsOnGetsTheRestTurnedOn() {
    s3.createBucket(b -> b.bucket("half-open"));
    s3.putPublicAccessBlock(b -> b.bucket("half-open")
        .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)));

    RemediationResult result = executor.execute(command("arn:aws:s3:::half-open", false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(result.getBefore()).contains("\"BlockPublicAcls\":true", "\"BlockPublicPolicy\":false");
    assertThat(result.getMessage()).contains("BlockPublicPolicy", "RestrictPublicBuckets").doesNotContain("IgnorePublicAcls");
    assertThat(settingsOf("half-open")).isEqualTo(allOn());
  }

  @Test
  void runningTheSameCommandAgainFindsTheBucketCompliantAndChangesNothing() {
    s3.createBucket(b -> b.bucket("open-bucket"));
    RemediationCommand command = command("arn:aws:s3:::open-bucket", false);
    executor.execute(command, Commands.NO_EXCEPTIONS);

    RemediationResult again = executor.execute(command, Commands.NO_EXCEPTIONS);

    assertThat(again.getStatus()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(again.getApiCalls()).containsExactly("s3:GetBucketPublicAccessBlock");
  }

  @Test
  void aDryRunReportsThePlannedSettingsAndLeavesTheBucketAsItWas() {
    s3.createBucket(b -> b.bucket("open-bucket"));

    RemediationResult result = executor.execute(command("arn:aws:s3:::open-bucket", true), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.DRY_RUN);
    assertThat(result.getBefore()).contains("\"BlockPublicAcls\":false");
    assertThat(result.getAfter()).isNull();
    assertThat(result.getMessage()).isEqualTo("dry run: would turn on BlockPublicAcls, IgnorePublicAcls, "
        + "BlockPublicPolicy, RestrictPublicBuckets on open-bucket; nothing changed");
    assertThatThrownBy(() -> settingsOf("open-bucket"))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchPublicAccessBlockConfiguration"));
  }

  @Test
  void forcedDryRunConfigurationPlansEvenACommandMeantToApply() {
    s3.createBucket(b -> b.bucket("open-bucket"));
    executor.close();
    executor = executorWith(true);

    RemediationResult result = executor.execute(command("arn:aws:s3:::open-bucket", false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.DRY_RUN);
    assertThatThrownBy(() -> settingsOf("open-bucket")).isInstanceOf(S3Exception.class);
  }

  @Test
  void aForcedDryRunThatFailsSaysItIsADryRun() {
    executor.close();
    executor = executorWith(true);

    RemediationResult result = executor.execute(command("arn:aws:s3:::no-such-bucket", false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("dry run: s3:GetBucketPublicAccessBlock on no-such-bucket "
        + "failed: NoSuchBucket");
  }

  @Test
  void aBareBucketNameIsAcceptedAsTheResourceId() {
    s3.createBucket(b -> b.bucket("named-only"));

    RemediationResult result = executor.execute(command("named-only", false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(settingsOf("named-only")).isEqualTo(allOn());
  }

  @Test
  void aMissingBucketFailsWithTheReason() {
    RemediationResult result = executor.execute(command("arn:aws:s3:::no-such-bucket", false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).contains("no-such-bucket", "NoSuchBucket");
    assertThat(result.getApiCalls()).containsExactly("s3:GetBucketPublicAccessBlock");
  }

  @Test
  void aDryRunThatFailsSaysItIsADryRunAsDoesOneRefusedForAnotherAccount() {
    RemediationResult missing = executor.execute(command("arn:aws:s3:::no-such-bucket", true), Commands.NO_EXCEPTIONS);
    createBucketIn("222222222222", "their-bucket");
    RemediationResult unreachable = executor.execute(
        Commands.blockPublicAccess("222222222222", "arn:aws:s3:::their-bucket", true), Commands.NO_EXCEPTIONS);

    assertThat(missing.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(missing.getMessage()).startsWith("dry run: s3:GetBucketPublicAccessBlock on no-such-bucket "
        + "failed: NoSuchBucket");
    assertThat(unreachable.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(unreachable.getMessage()).startsWith("dry run: refused: no role is configured for account "
        + "222222222222");
  }

  @Test
  void aBucketInAnotherAccountIsRemediatedThroughThatAccountsRole() throws Exception {
    createBucketIn(OTHER_ACCOUNT, "their-bucket");
    RemediationCommand command = Commands.blockPublicAccess(OTHER_ACCOUNT, "arn:aws:s3:::their-bucket", false);

    RemediationResult result = executor.execute(command, Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(result.getPrincipal()).isEqualTo(OTHER_ACCOUNT_ROLE.roleArn());
    try (S3Client otherAccount = clientFor(OTHER_ACCOUNT)) {
      assertThat(otherAccount.getPublicAccessBlock(b -> b.bucket("their-bucket")).publicAccessBlockConfiguration())
          .isEqualTo(allOn());
    }
    assertThat(assumedRoles()).anySatisfy(session -> {
      assertThat(session.path("role_arn").asText()).isEqualTo(OTHER_ACCOUNT_ROLE.roleArn());
      assertThat(session.path("session_name").asText()).isEqualTo("redress-" + command.getCommandId());
      assertThat(session.path("external_id").asText()).isEqualTo("redress-external-id");
    });
  }

  @Test
  void aBucketReachedThroughAnotherAccountsRoleIsExpectedToBeOwnedByThatAccount() {
    createBucketIn(OTHER_ACCOUNT, "their-bucket");
    S3RequestOwners owners = new S3RequestOwners();
    executor.close();
    executor = executorWith(false, owners);

    RemediationResult result = executor.execute(
        Commands.blockPublicAccess(OTHER_ACCOUNT, "arn:aws:s3:::their-bucket", false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(owners.expected()).hasSize(3).containsOnly(OTHER_ACCOUNT);
  }

  @Test
  void withoutARoleTheExecutorDoesNotEvenTryAnotherAccountsBucket() {
    createBucketIn("222222222222", "their-bucket");

    RemediationResult result = executor.execute(
        Commands.blockPublicAccess("222222222222", "arn:aws:s3:::their-bucket", false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("refused: no role is configured for account 222222222222");
    assertThat(result.getApiCalls()).isEmpty();
    assertThat(result.getPrincipal()).isNull();
  }

  private RemediationExecutor executorWith(boolean forceDryRun, ExecutionInterceptor... interceptors) {
    AwsSettings aws = new AwsSettings(true, "us-east-1", Optional.of(moto.endpoint()),
        Map.of(OTHER_ACCOUNT, OTHER_ACCOUNT_ROLE), forceDryRun);
    return new RemediationExecutor(aws, RemediationCatalogue.discover(),
        new AwsClients(aws, TEST_KEYS, List.of(interceptors)), Clock.systemUTC());
  }

  private static RemediationCommand command(String resourceId, boolean dryRun) {
    return Commands.blockPublicAccess(ACCOUNT, resourceId, dryRun);
  }

  private static PublicAccessBlockConfiguration settingsOf(String bucket) {
    return s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
  }

  private static PublicAccessBlockConfiguration allOn() {
    return PublicAccessBlockConfiguration.builder()
        .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)
        .build();
  }

  private static void createBucketIn(String account, String bucket) {
    try (S3Client client = clientFor(account)) {
      client.createBucket(b -> b.bucket(bucket));
    }
  }

  /** Moto picks the account of a request from this header, as if the caller's keys belonged to it. */
  private static S3Client clientFor(String account) {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.US_EAST_1)
        .endpointOverride(moto.endpoint())
        .forcePathStyle(true)
        .credentialsProvider(TEST_KEYS)
        .overrideConfiguration(o -> o.putHeader("x-moto-account-id", account))
        .build();
  }

  private static Iterable<JsonNode> assumedRoles() throws Exception {
    return new ObjectMapper().readTree(moto.state()).path("sts").path("AssumedRole");
  }
}
