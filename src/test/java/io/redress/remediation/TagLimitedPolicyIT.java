package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The policy {@code ./redress catalogue --iam-policy --resource-tag redress=managed} prints, under moto's IAM
 * enforcement: the executor acts as a user holding exactly it. Each test runs an action whose calls fall in the
 * conditioned statement, the unconditioned one or both, on resources carrying the tag.
 *
 * <p>moto (5.2) evaluates a Condition only against the values of {@code sts:ExternalId} on AssumeRole; for any
 * other key it finds no value and lets the statement apply. So these tests prove that moto accepts the document and
 * that its two statements together grant every call the actions make; they cannot prove that AWS denies a resource
 * without the tag. {@link CatalogueDocsTest} pins which permissions carry the condition.
 */
class TagLimitedPolicyIT {

  private static final ResourceTag MANAGED = new ResourceTag("redress", "managed");
  private static final Clock LATER = MotoCloud.at(Instant.now().plus(Duration.ofDays(100)));

  private static MotoCloud cloud;

  @BeforeAll
  static void start() throws Exception {
    cloud = MotoCloud.start(MANAGED);
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
  void aTaggedBucketIsFixedThroughTheConditionedStatement() {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      s3.createBucket(r -> r.bucket("managed-data"));
      s3.putBucketTagging(r -> r.bucket("managed-data")
          .tagging(t -> t.tagSet(tag -> tag.key(MANAGED.key()).value(MANAGED.value()))));

      assertFixedThenCompliant("s3-versioning", MotoCloud.resource("AwsS3Bucket", "arn:aws:s3:::managed-data"));
      assertThat(s3.getBucketVersioning(r -> r.bucket("managed-data")).statusAsString()).isEqualTo("Enabled");
    }
  }

  @Test
  void aTaggedSecurityGroupIsReadUnconditionedAndRevokedUnderTheCondition() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      String group = ec2.createSecurityGroup(r -> r.groupName("web").description("web")
          .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
              .tags(tag -> tag.key(MANAGED.key()).value(MANAGED.value())))).groupId();
      ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp").fromPort(22)
          .toPort(22).ipRanges(range -> range.cidrIp("0.0.0.0/0"))));

      assertFixedThenCompliant("ec2-revoke-open-ssh", MotoCloud.resource("AwsEc2SecurityGroup", group));
    }
  }

  @Test
  void anAccountLevelSettingIsFixedThroughTheUnconditionedStatement() {
    assertFixedThenCompliant("ec2-ebs-encryption-by-default",
        MotoCloud.resource("AwsAccount", "AWS::::Account:" + MotoCloud.ACCOUNT));
    assertFixedThenCompliant("iam-password-policy",
        MotoCloud.resource("AwsAccount", "AWS::::Account:" + MotoCloud.ACCOUNT));
  }

  @Test
  void aTaggedUsersOldKeyIsDeactivated() {
    try (IamClient iam = cloud.client(IamClient::builder)) {
      iam.createUser(r -> r.userName("alice").tags(tag -> tag.key(MANAGED.key()).value(MANAGED.value())));
      iam.createAccessKey(r -> r.userName("alice"));
      Resource alice = MotoCloud.resource("AwsIamUser", "arn:aws:iam::" + MotoCloud.ACCOUNT + ":user/alice");

      RemediationResult first = cloud.run("iam-deactivate-unused-access-keys", alice, false, LATER);
      RemediationResult again = cloud.run("iam-deactivate-unused-access-keys", alice, false, LATER);

      assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    }
  }

  @Test
  void aTaggedKeyIsReadUnderTheConditionAndRotatedThroughTheUnconditionedStatement() {
    try (KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = kms.createKey(r -> r.tags(tag -> tag.tagKey(MANAGED.key()).tagValue(MANAGED.value())))
          .keyMetadata().arn();

      assertFixedThenCompliant("kms-key-rotation", MotoCloud.resource("AwsKmsKey", arn));
      assertThat(kms.getKeyRotationStatus(r -> r.keyId(arn)).keyRotationEnabled()).isTrue();
    }
  }

  @Test
  void aCallOutsideThePolicyIsDenied() {
    try (S3Client s3 = cloud.client(S3Client::builder); S3Client remediator = cloud.remediatorClient(S3Client::builder);
        Ec2Client ec2Remediator = cloud.remediatorClient(Ec2Client::builder)) {
      s3.createBucket(r -> r.bucket("managed-data"));

      assertThatThrownBy(() -> remediator.deleteBucket(r -> r.bucket("managed-data")))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
      assertThatThrownBy(() -> ec2Remediator.createSecurityGroup(r -> r.groupName("x").description("x")))
          .isInstanceOfSatisfying(Ec2Exception.class,
              // AWS answers UnauthorizedOperation; moto answers AccessDenied.
              e -> assertThat(e.awsErrorDetails().errorCode()).isIn("UnauthorizedOperation", "AccessDenied"));
      assertThat(s3.headBucket(r -> r.bucket("managed-data")).sdkHttpResponse().isSuccessful()).isTrue();
    }
  }

  /**
   * Where this proof stops: on AWS the conditioned call on a bucket without the tag is denied; moto lets it through.
   * Should moto start evaluating {@code aws:ResourceTag}, this fails, and it becomes the test that the untagged
   * resource is denied.
   */
  @Test
  void motoIgnoresTheTagConditionSoAnUntaggedBucketIsNotDeniedHere() {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      s3.createBucket(r -> r.bucket("unmanaged-data"));

      RemediationResult result = cloud.run("s3-versioning", MotoCloud.resource("AwsS3Bucket", "arn:aws:s3:::unmanaged-data"));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    }
  }

  private static void assertFixedThenCompliant(String action, Resource resource) {
    RemediationResult first = cloud.run(action, resource);
    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    RemediationResult again = cloud.run(action, resource);
    assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
  }
}
