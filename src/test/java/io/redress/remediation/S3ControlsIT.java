package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The bucket remediations against moto: each fixes, reads back, is idempotent and leaves the rest alone. */
class S3ControlsIT {

  private static final String BUCKET = "misconfigured";
  private static final Resource RESOURCE = MotoCloud.resource("AwsS3Bucket", "arn:aws:s3:::" + BUCKET);
  private static final String OTHER_STATEMENT = """
      {"Sid":"PartnerRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},\
      "Action":"s3:GetObject","Resource":"arn:aws:s3:::misconfigured/*"}""";

  private static MotoCloud cloud;
  private static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    cloud = MotoCloud.start();
    s3 = cloud.client(S3Client::builder);
  }

  @AfterAll
  static void stop() {
    s3.close();
    cloud.close();
  }

  @BeforeEach
  void bucket() throws Exception {
    cloud.reset();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @Test
  void aBucketWithoutDefaultEncryptionGetsSseS3AndARepeatFindsItCompliant() {
    s3.deleteBucketEncryption(b -> b.bucket(BUCKET));

    assertFixedThenCompliant("s3-default-encryption");
    assertThat(s3.getBucketEncryption(b -> b.bucket(BUCKET)).serverSideEncryptionConfiguration().rules().get(0)
        .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
  }

  /** The PUT went through; the read-back after it failed: the result must not read as if nothing was changed. */
  @Test
  void aReadBackThatFailsAfterBlockingPublicAccessSaysTheChangeWasMade() {
    AtomicInteger reads = new AtomicInteger();
    BeforeRequest deletedAfterThePut = BeforeRequest.every(GetPublicAccessBlockRequest.class, () -> {
      if (reads.incrementAndGet() == 2) {
        s3.deletePublicAccessBlock(b -> b.bucket(BUCKET));
        s3.deleteBucket(b -> b.bucket(BUCKET));
      }
    });

    RemediationResult result = cloud.run("s3-block-public-access", RESOURCE, false, Clock.systemUTC(),
        List.of(deletedAfterThePut));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("s3:GetBucketPublicAccessBlock on " + BUCKET
        + " failed after the change was made (turn on ");
  }

  @Test
  void aBucketWithItsOwnKmsDefaultIsLeftAsItIs() {
    s3.putBucketEncryption(b -> b.bucket(BUCKET).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("k")))));

    RemediationResult result = cloud.run("s3-default-encryption", RESOURCE);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(s3.getBucketEncryption(b -> b.bucket(BUCKET)).serverSideEncryptionConfiguration().rules().get(0)
        .applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo("k");
  }

  @Test
  void aSuspendedVersioningIsTurnedBackOn() {
    s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Suspended")));

    assertFixedThenCompliant("s3-versioning");
    assertThat(s3.getBucketVersioning(b -> b.bucket(BUCKET)).statusAsString()).isEqualTo("Enabled");
  }

  @Test
  void aDenyWithoutTlsStatementIsAddedAndEveryOtherStatementKept() throws Exception {
    s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policyOf(OTHER_STATEMENT)));

    assertFixedThenCompliant("s3-deny-insecure-transport");
    JsonNode statements = statements();
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).isEqualTo(new ObjectMapper().readTree(OTHER_STATEMENT));
    assertThat(statements.get(1).path("Sid").asText()).isEqualTo(S3DenyInsecureTransport.SID);
    assertThat(statements.get(1).path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
  }

  @Test
  void aBucketWithoutAnyPolicyGetsOneHoldingOnlyTheTlsStatement() throws Exception {
    assertFixedThenCompliant("s3-deny-insecure-transport");

    assertThat(statements()).hasSize(1);
  }

  @Test
  void aTlsDenyLimitedToOnePrincipalAndOnePrefixIsNotTakenAsComplianceAndTheFullOneIsAddedBesideIt()
      throws Exception {
    String narrow = """
        {"Sid":"OnlyBob","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::%s:user/bob"},"Action":"s3:*",\
        "Resource":"arn:aws:s3:::misconfigured/private/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}"""
        .formatted(MotoCloud.ACCOUNT);
    s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policyOf(narrow)));

    assertFixedThenCompliant("s3-deny-insecure-transport");
    JsonNode statements = statements();
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).isEqualTo(new ObjectMapper().readTree(narrow));
    assertThat(statements.get(1).path("Sid").asText()).isEqualTo(S3DenyInsecureTransport.SID);
  }

  @Test
  void aTlsDenyNarrowedByAFurtherConditionIsNotTakenAsCompliance() throws Exception {
    s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policyOf("""
        {"Sid":"OfficeOnly","Effect":"Deny","Principal":"*","Action":"s3:*",\
        "Resource":["arn:aws:s3:::misconfigured","arn:aws:s3:::misconfigured/*"],\
        "Condition":{"Bool":{"aws:SecureTransport":"false"},"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}""")));

    assertFixedThenCompliant("s3-deny-insecure-transport");
    assertThat(statements()).hasSize(2);
  }

  /** moto accepts two statements under one Sid, which S3 refuses: the Sids are checked here, not by moto. */
  @Test
  void aTlsDenyNarrowedUnderRedresssOwnSidIsKeptAndTheFullOneIsAddedUnderTheNextSid() throws Exception {
    String narrowed = """
        {"Sid":"RedressDenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",\
        "Resource":"arn:aws:s3:::misconfigured/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""";
    s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policyOf(narrowed)));

    assertFixedThenCompliant("s3-deny-insecure-transport");
    JsonNode statements = statements();
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).isEqualTo(new ObjectMapper().readTree(narrowed));
    assertThat(statements.findValuesAsText("Sid"))
        .containsExactly(S3DenyInsecureTransport.SID, S3DenyInsecureTransport.SID + "2");
  }

  @Test
  void aTlsDenyOnEveryoneTheBucketAndItsObjectsIsAlreadyCompliantWhateverTheCaseOfItsConditionKey() {
    String policy = policyOf("""
        {"Sid":"TlsOnly","Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*",\
        "Resource":["arn:aws:s3:::misconfigured","arn:aws:s3:::misconfigured/*"],\
        "Condition":{"Bool":{"AWS:SecureTransport":"false"}}}""");
    s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policy));

    RemediationResult result = cloud.run("s3-deny-insecure-transport", RESOURCE);

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(s3.getBucketPolicy(b -> b.bucket(BUCKET)).policy()).doesNotContain(S3DenyInsecureTransport.SID);
  }

  @Test
  void aCrossAccountDenyOnTheObjectsAloneIsNotTakenAsComplianceAndTheFullOneIsAddedBesideIt() throws Exception {
    String objectsOnly = """
        {"Sid":"ObjectsOnly","Effect":"Deny","Principal":"*","Action":["%s"],\
        "Resource":"arn:aws:s3:::misconfigured/*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"%s"}}}"""
        .formatted(String.join("\",\"", S3DenyCrossAccountPolicyChanges.GUARDED), MotoCloud.ACCOUNT);
    s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policyOf(objectsOnly)));

    assertFixedThenCompliant("s3-deny-cross-account-policy-changes");
    JsonNode statements = statements();
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).isEqualTo(new ObjectMapper().readTree(objectsOnly));
    assertThat(statements.get(1).path("Sid").asText()).isEqualTo(S3DenyCrossAccountPolicyChanges.SID);
  }

  @Test
  void aCrossAccountDenyWhoseWildcardsCoverTheGuardedActionsAndTheBucketIsAlreadyCompliant() {
    s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policyOf("""
        {"Sid":"OwnAccountOnly","Effect":"Deny","Principal":"*","Action":["s3:DeleteBucketPolicy","s3:Put*"],\
        "Resource":"arn:aws:s3:::misconfigured*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"%s"}}}"""
        .formatted(MotoCloud.ACCOUNT))));

    RemediationResult result = cloud.run("s3-deny-cross-account-policy-changes", RESOURCE);

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
  }

  @Test
  void otherAccountsAreDeniedPolicyChangesAndTheirGrantsAreKept() throws Exception {
    s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policyOf(OTHER_STATEMENT)));

    assertFixedThenCompliant("s3-deny-cross-account-policy-changes");
    JsonNode added = statements().get(1);
    assertThat(statements().get(0).path("Sid").asText()).isEqualTo("PartnerRead");
    assertThat(added.path("Effect").asText()).isEqualTo("Deny");
    assertThat(added.path("Action").toString()).contains("s3:PutBucketPolicy", "s3:PutObjectAcl");
    assertThat(added.path("Condition").path("StringNotEquals").path("aws:PrincipalAccount").asText())
        .isEqualTo(MotoCloud.ACCOUNT);
  }

  @Test
  void aDryRunPlansTheStatementAndLeavesThePolicyAlone() throws Exception {
    s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policyOf(OTHER_STATEMENT)));

    RemediationResult result =
        cloud.run("s3-deny-insecure-transport", RESOURCE, true, java.time.Clock.systemUTC());

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.DRY_RUN);
    assertThat(result.getMessage()).contains(S3DenyInsecureTransport.SID);
    assertThat(statements()).hasSize(1);
  }

  @Test
  void theAccountLevelBlockPublicAccessIsTurnedOn() {
    Resource account = MotoCloud.resource("AwsAccount", "AWS::::Account:" + MotoCloud.ACCOUNT);
    List<ExecutionInterceptor> accountHost = List.of(new AccountHostToEmulator());

    RemediationResult first = cloud.runViaHostName("s3-account-block-public-access", account, accountHost);
    RemediationResult again = cloud.runViaHostName("s3-account-block-public-access", account, accountHost);

    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(first.getBefore()).contains("\"BlockPublicPolicy\":false");
    assertThat(first.getMessage()).isEqualTo("turn on BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, "
        + "RestrictPublicBuckets on account " + MotoCloud.ACCOUNT + " in " + MotoCloud.REGION);
    assertThat(first.getAfter()).doesNotContain("false");
    assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
  }

  @Test
  void everyS3RequestOfEveryBucketActionExpectsTheBucketToBeOwnedByTheFindingsAccount() {
    s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Suspended")));
    s3.deleteBucketEncryption(b -> b.bucket(BUCKET));
    List<String> bucketActions = RemediationCatalogue.discover().actions().stream()
        .filter(action -> action.resourceType().equals("AwsS3Bucket")).map(RemediationAction::name).toList();

    for (String action : bucketActions) {
      S3RequestOwners owners = new S3RequestOwners();
      RemediationResult result = cloud.run(action, RESOURCE, false, Clock.systemUTC(), List.of(owners));

      assertThat(result.getStatus()).as(action + ": " + result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(owners.expected()).as(action).hasSize(result.getApiCalls().size()).containsOnly(MotoCloud.ACCOUNT);
    }
    assertThat(bucketActions).contains("s3-block-public-access", "s3-versioning", "s3-default-encryption",
        "s3-deny-insecure-transport", "s3-deny-cross-account-policy-changes");
  }

  @Test
  void aMissingBucketFailsWithAwsErrorCode() {
    RemediationResult result = cloud.run("s3-versioning", MotoCloud.resource("AwsS3Bucket", "arn:aws:s3:::absent"));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).contains("s3:GetBucketVersioning", "NoSuchBucket");
  }

  @Test
  void theRemediatorCannotCallWhatTheGeneratedPolicyDoesNotGrant() {
    try (S3Client remediator = cloud.remediatorClient(S3Client::builder)) {
      assertThatThrownBy(() -> remediator.deleteBucket(b -> b.bucket(BUCKET)))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
      assertThatThrownBy(() -> remediator.deleteBucketPolicy(b -> b.bucket(BUCKET)))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }
    assertThat(s3.headBucket(b -> b.bucket(BUCKET)).sdkHttpResponse().isSuccessful()).isTrue();
  }

  private static void assertFixedThenCompliant(String action) {
    RemediationResult first = cloud.run(action, RESOURCE);
    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(first.getBefore()).isNotEqualTo(first.getAfter());
    RemediationResult again = cloud.run(action, RESOURCE);
    assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(again.getApiCalls()).hasSize(1);
  }

  private static String policyOf(String statement) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
  }

  private static JsonNode statements() throws Exception {
    return new ObjectMapper().readTree(s3.getBucketPolicy(b -> b.bucket(BUCKET)).policy()).path("Statement");
  }
}
