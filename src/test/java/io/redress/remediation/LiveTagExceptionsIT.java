package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.ExceptionRecord;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Scope;
import io.redress.exceptions.ExceptionLookup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The executor's last look by the tags a resource carries in AWS now, under moto's IAM enforcement with the generated
 * policy: the commands carry no tags, as those from AWS Config findings never do, and an exception scoped to a tag the
 * resource carries in AWS keeps it untouched.
 */
class LiveTagExceptionsIT {

  private static final String EXEMPT = "redress:exempt=true";
  private static final Clock LATER = MotoCloud.at(Instant.now().plus(Duration.ofDays(100)));

  private static MotoCloud cloud;

  @BeforeAll
  static void start() throws Exception {
    cloud = MotoCloud.start();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @BeforeEach
  void emptyCloud() throws Exception {
    cloud.reset();
  }

  @Test
  void aBucketTaggedAsExemptInAwsIsLeftAloneThoughTheCommandCarriesNoTags() {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      exemptBucket(s3, "legacy-archive");

      RemediationResult result = cloud.run("s3-versioning", MotoCloud.resource("AwsS3Bucket",
          "arn:aws:s3:::legacy-archive"), exempting(new Scope(null, null, null, null, EXEMPT)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
      assertThat(result.getMessage()).startsWith("exception 'tag=" + EXEMPT + "' approved by ciso@example.com")
          .endsWith("It covers arn:aws:s3:::legacy-archive by the tags it carries in AWS now, so nothing was changed.");
      assertThat(result.getApiCalls()).containsExactly(LiveTags.S3_BUCKET_TAGS);
      assertThat(s3.getBucketVersioning(r -> r.bucket("legacy-archive")).status()).isNull();
    }
  }

  @Test
  void aSecurityGroupTaggedAsExemptInAwsKeepsItsOpenPortForTheExceptionsControl() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      String group = ec2.createSecurityGroup(r -> r.groupName("bastion").description("bastion")
          .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
              .tags(tag -> tag.key("redress:exempt").value("true")))).groupId();
      ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp").fromPort(22)
          .toPort(22).ipRanges(range -> range.cidrIp("0.0.0.0/0"))));

      RemediationResult result = cloud.run("ec2-revoke-open-ssh", MotoCloud.resource("AwsEc2SecurityGroup", group),
          exempting(new Scope(null, null, "EC2.13", null, EXEMPT)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
      assertThat(result.getApiCalls()).containsExactly(LiveTags.EC2_TAGS);
      assertThat(ec2.describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0).ipPermissions())
          .hasSize(1);
    }
  }

  @Test
  void anIamUserTaggedAsExemptInAwsKeepsItsOldKeyActive() {
    try (IamClient iam = cloud.client(IamClient::builder)) {
      iam.createUser(r -> r.userName("batch").tags(tag -> tag.key("redress:exempt").value("true")));
      iam.createAccessKey(r -> r.userName("batch"));

      RemediationResult result = cloud.run("iam-deactivate-unrotated-access-keys",
          MotoCloud.resource("AwsIamUser", "arn:aws:iam::" + MotoCloud.ACCOUNT + ":user/batch"), LATER,
          exempting(new Scope(null, null, null, null, EXEMPT)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
      assertThat(result.getApiCalls()).containsExactly(LiveTags.IAM_USER_TAGS);
      assertThat(iam.listAccessKeys(r -> r.userName("batch")).accessKeyMetadata().get(0).statusAsString())
          .isEqualTo("Active");
    }
  }

  @Test
  void aDbInstanceConfigNamesByItsResourceIdIsReadForTagsUnderTheArnItWasIdentifiedBy() {
    try (RdsClient rds = cloud.client(RdsClient::builder)) {
      String dbiResourceId = rds.createDBInstance(r -> r.dbInstanceIdentifier("reporting").engine("postgres")
          .dbInstanceClass("db.t3.micro").masterUsername("admin").masterUserPassword("password123").allocatedStorage(20)
          .publiclyAccessible(true).tags(tag -> tag.key("redress:exempt").value("true"))).dbInstance().dbiResourceId();

      RemediationResult result = cloud.run("rds-instance-not-public",
          MotoCloud.resource("AwsRdsDbInstance", dbiResourceId), exempting(new Scope(null, null, null, null, EXEMPT)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
      assertThat(result.getMessage()).contains("It covers arn:aws:rds:us-east-1:" + MotoCloud.ACCOUNT + ":db:reporting");
      assertThat(result.getApiCalls()).containsExactly(RdsInstancePrivate.DESCRIBE, LiveTags.RDS_TAGS);
      assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("reporting")).dbInstances().get(0)
          .publiclyAccessible()).isTrue();
    }
  }

  @Test
  void aQueueTaggedAsExemptInAwsIsReadByItsUrlAndLeftAlone() {
    try (SqsClient sqs = cloud.client(SqsClient::builder)) {
      sqs.createQueue(r -> r.queueName("jobs").attributes(Map.of(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "false"))
          .tags(Map.of("redress:exempt", "true")));

      assertExceptedByTheTagAfter(cloud.run("sqs-queue-encryption", MotoCloud.resource("AwsSqsQueue",
          "arn:aws:sqs:us-east-1:" + MotoCloud.ACCOUNT + ":jobs"), exemptEverywhere()), QueueEncryption.URL,
          LiveTags.SQS_TAGS);
    }
  }

  @Test
  void aTopicTaggedAsExemptInAwsIsLeftAlone() {
    try (SnsClient sns = cloud.client(SnsClient::builder)) {
      String topic = sns.createTopic(r -> r.name("alerts").tags(tag -> tag.key("redress:exempt").value("true")))
          .topicArn();

      assertExceptedByTheTagAfter(cloud.run("sns-topic-encryption", MotoCloud.resource("AwsSnsTopic", topic),
          exemptEverywhere()), LiveTags.SNS_TAGS);
    }
  }

  @Test
  void aKeyTaggedAsExemptInAwsIsLeftAlone() {
    try (KmsClient kms = cloud.client(KmsClient::builder)) {
      String key = kms.createKey(r -> r.description("data").tags(tag -> tag.tagKey("redress:exempt").tagValue("true")))
          .keyMetadata().arn();

      assertExceptedByTheTagAfter(cloud.run("kms-key-rotation", MotoCloud.resource("AwsKmsKey", key),
          exemptEverywhere()), LiveTags.KMS_KEY_TAGS);
    }
  }

  @Test
  void aTrailTaggedAsExemptInAwsIsLeftAlone() {
    try (S3Client s3 = cloud.client(S3Client::builder);
        CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      s3.createBucket(r -> r.bucket("trail-logs"));
      String trail = trails.createTrail(r -> r.name("management").s3BucketName("trail-logs")
          .tagsList(tag -> tag.key("redress:exempt").value("true"))).trailARN();

      assertExceptedByTheTagAfter(cloud.run("cloudtrail-log-file-validation",
          MotoCloud.resource("AwsCloudTrailTrail", trail), exemptEverywhere()), LiveTags.TRAIL_TAGS);
    }
  }

  @Test
  void anInstanceTaggedAsExemptInAwsKeepsImdsv1Allowed() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      String image = ec2.describeImages(r -> { }).images().get(0).imageId();
      String instance = ec2.runInstances(r -> r.imageId(image).minCount(1).maxCount(1)
          .metadataOptions(m -> m.httpTokens(HttpTokensState.OPTIONAL))
          .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
              .tags(tag -> tag.key("redress:exempt").value("true")))).instances().get(0).instanceId();

      assertExceptedByTheTagAfter(cloud.run("ec2-require-imdsv2", MotoCloud.resource("AwsEc2Instance",
          "arn:aws:ec2:us-east-1:" + MotoCloud.ACCOUNT + ":instance/" + instance), exemptEverywhere()),
          LiveTags.EC2_TAGS);
      assertThat(ec2.describeInstances(r -> r.instanceIds(instance)).reservations().get(0).instances().get(0)
          .metadataOptions().httpTokens()).isEqualTo(HttpTokensState.OPTIONAL);
    }
  }

  @Test
  void aDbSnapshotTaggedAsExemptInAwsStaysPublic() {
    try (RdsClient rds = cloud.client(RdsClient::builder)) {
      rds.createDBInstance(r -> r.dbInstanceIdentifier("orders").engine("postgres").dbInstanceClass("db.t3.micro")
          .masterUsername("admin").masterUserPassword("password123").allocatedStorage(20));
      rds.createDBSnapshot(r -> r.dbInstanceIdentifier("orders").dbSnapshotIdentifier("orders-snap")
          .tags(tag -> tag.key("redress:exempt").value("true")));
      rds.modifyDBSnapshotAttribute(r -> r.dbSnapshotIdentifier("orders-snap").attributeName("restore")
          .valuesToAdd("all"));

      assertExceptedByTheTagAfter(cloud.run("rds-snapshot-private", MotoCloud.resource("AwsRdsDbSnapshot",
          "arn:aws:rds:us-east-1:" + MotoCloud.ACCOUNT + ":snapshot:orders-snap"), exemptEverywhere()),
          LiveTags.RDS_TAGS);
      assertThat(rds.describeDBSnapshotAttributes(r -> r.dbSnapshotIdentifier("orders-snap"))
          .dbSnapshotAttributesResult().dbSnapshotAttributes().get(0).attributeValues()).containsExactly("all");
    }
  }

  @Test
  void aFunctionTaggedAsExemptInAwsKeepsItsPublicPermission() {
    try (IamClient iam = cloud.client(IamClient::builder); LambdaClient lambda = cloud.client(LambdaClient::builder)) {
      String role = iam.createRole(r -> r.roleName("fn").assumeRolePolicyDocument("{}")).role().arn();
      String function = lambda.createFunction(r -> r.functionName("thumbnail").runtime("python3.12").role(role)
          .handler("app.handler").code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6})))
          .tags(Map.of("redress:exempt", "true"))).functionArn();
      lambda.addPermission(r -> r.functionName("thumbnail").statementId("anyone").action("lambda:InvokeFunction")
          .principal("*"));

      assertExceptedByTheTagAfter(cloud.run("lambda-remove-public-access",
          MotoCloud.resource("AwsLambdaFunction", function), exemptEverywhere()), LiveTags.LAMBDA_TAGS);
      assertThat(lambda.getPolicy(r -> r.functionName("thumbnail")).policy()).contains("\"anyone\"");
    }
  }

  private static void assertExceptedByTheTagAfter(RemediationResult result, String... calls) {
    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
    assertThat(result.getMessage()).endsWith("by the tags it carries in AWS now, so nothing was changed.");
    assertThat(result.getApiCalls()).containsExactly(calls);
  }

  private static ExceptionLookup exemptEverywhere() {
    return exempting(new Scope(null, null, null, null, EXEMPT));
  }

  @Test
  void withoutAnExceptionScopedToATagNoTagIsReadAndTheBucketIsFixed() {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      exemptBucket(s3, "legacy-archive");

      RemediationResult result = cloud.run("s3-versioning", MotoCloud.resource("AwsS3Bucket",
          "arn:aws:s3:::legacy-archive"), exempting(new Scope(null, null, null, "arn:aws:s3:::other-bucket", null)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(result.getApiCalls()).doesNotContain(LiveTags.S3_BUCKET_TAGS);
      assertThat(s3.getBucketVersioning(r -> r.bucket("legacy-archive")).statusAsString()).isEqualTo("Enabled");
    }
  }

  @Test
  void aTagExceptionOnAnotherControlReadsNoTag() {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      exemptBucket(s3, "legacy-archive");

      RemediationResult result = cloud.run("s3-versioning", MotoCloud.resource("AwsS3Bucket",
          "arn:aws:s3:::legacy-archive"), exempting(new Scope(null, null, "EC2.13", null, EXEMPT)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(result.getApiCalls()).doesNotContain(LiveTags.S3_BUCKET_TAGS);
    }
  }

  @Test
  void aBucketWithoutTheTagIsFixedAfterItsTagsWereRead() {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      s3.createBucket(r -> r.bucket("plain"));

      RemediationResult result = cloud.run("s3-versioning", MotoCloud.resource("AwsS3Bucket", "arn:aws:s3:::plain"),
          exempting(new Scope(null, null, null, null, EXEMPT)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(result.getApiCalls()).startsWith(LiveTags.S3_BUCKET_TAGS, S3Versioning.GET);
      assertThat(s3.getBucketVersioning(r -> r.bucket("plain")).statusAsString()).isEqualTo("Enabled");
    }
  }

  @Test
  void whenTheTagsCannotBeReadNothingIsChanged() {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      exemptBucket(s3, "legacy-archive");
      cloud.denyTheRemediator(LiveTags.S3_BUCKET_TAGS);

      RemediationResult result = cloud.run("s3-versioning", MotoCloud.resource("AwsS3Bucket",
          "arn:aws:s3:::legacy-archive"), exempting(new Scope(null, null, null, null, EXEMPT)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getMessage()).startsWith(LiveTags.S3_BUCKET_TAGS + " on arn:aws:s3:::legacy-archive failed: "
          + "AccessDenied").endsWith("the resource's tags could not be read, so nothing was changed");
      assertThat(result.getApiCalls()).containsExactly(LiveTags.S3_BUCKET_TAGS);
      assertThat(s3.getBucketVersioning(r -> r.bucket("legacy-archive")).status()).isNull();
    }
  }

  private static void exemptBucket(S3Client s3, String bucket) {
    s3.createBucket(r -> r.bucket(bucket));
    s3.putBucketTagging(r -> r.bucket(bucket)
        .tagging(t -> t.tagSet(tag -> tag.key("redress:exempt").value("true"))));
  }

  private static ExceptionLookup exempting(Scope scope) {
    return Commands.listing(List.of(ExceptionRecord.newBuilder().setScope(scope).setReason("left to its owners")
        .setApprover("ciso@example.com").setCreatedBy("alice").setCreatedAt(Instant.now().minusSeconds(60))
        .setExpiresAt(Instant.now().plus(Duration.ofDays(365))).build()));
  }
}
