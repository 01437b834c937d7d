package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.ExceptionRecord;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import io.redress.contract.Scope;
import io.redress.exceptions.ExceptionLookup;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Tag;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Exceptions on the resources an account-wide action changes, under moto's IAM enforcement with the generated policy:
 * EC2.1 and CloudTrail.1 are reported on the account, but change its snapshots and trails, and an exception written
 * on one of those by its ARN or a tag it carries keeps it as it is.
 */
class AccountPartExceptionsIT {

  private static final String ACCOUNT = MotoCloud.ACCOUNT;
  private static final Resource THE_ACCOUNT = MotoCloud.resource("AwsAccount", "AWS::::Account:" + ACCOUNT);
  private static final String PUBLIC_DATASET = "purpose=public-dataset";
  /** Whole seconds, as a result cites it. */
  private static final Instant EXPIRY = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);

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
  void aSnapshotCarryingAnExceptedTagStaysPublicAndAnotherIsMadePrivate() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      String dataset = publicSnapshot(ec2, true);
      String backup = publicSnapshot(ec2, false);

      RemediationResult result = cloud.run("ec2-ebs-snapshots-private", THE_ACCOUNT,
          exempting(new Scope(null, null, "EC2.1", null, PUBLIC_DATASET)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(result.getMessage()).startsWith("make [" + backup + "] private on account " + ACCOUNT)
          .contains("; " + dataset + " stays public by exception 'control=EC2.1;tag=" + PUBLIC_DATASET
              + "' approved by ciso@example.com");
      assertThat(isPublic(ec2, dataset)).isTrue();
      assertThat(isPublic(ec2, backup)).isFalse();
    }
  }

  @Test
  void whenEveryPublicSnapshotIsExceptedNothingIsChangedAndTheResultSaysWhy() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      String dataset = publicSnapshot(ec2, false);
      String arn = "arn:aws:ec2:us-east-1:" + ACCOUNT + ":snapshot/" + dataset;

      RemediationResult result = cloud.run("ec2-ebs-snapshots-private", THE_ACCOUNT,
          exempting(new Scope(null, null, null, arn, null)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
      assertThat(result.getMessage()).isEqualTo("nothing was changed on account " + ACCOUNT + " in us-east-1: "
          + dataset + " stays public by exception 'resource=" + arn + "' approved by ciso@example.com until "
          + EXPIRY + ": left to its owners");
      assertThat(result.getApiCalls()).doesNotContain(EbsSnapshotsPrivate.MODIFY_ATTRIBUTE);
      assertThat(isPublic(ec2, dataset)).isTrue();
    }
  }

  @Test
  void aDryRunSaysWhichSnapshotItWouldLeavePublic() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      String dataset = publicSnapshot(ec2, true);
      String backup = publicSnapshot(ec2, false);

      RemediationResult result = cloud.run("ec2-ebs-snapshots-private", THE_ACCOUNT, true,
          exempting(new Scope(null, null, null, null, PUBLIC_DATASET)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.DRY_RUN);
      assertThat(result.getMessage()).startsWith("dry run: would make [" + backup + "] private on account " + ACCOUNT)
          .contains("; " + dataset + " stays public by exception 'tag=" + PUBLIC_DATASET + "'")
          .endsWith("; nothing changed");
      assertThat(isPublic(ec2, backup)).isTrue();
    }
  }

  @Test
  void aTrailExceptedByItsArnIsNotStarted() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String arn = stoppedTrail(trails, "account-trail", false);

      RemediationResult result = cloud.run("cloudtrail-logging-on", THE_ACCOUNT,
          exempting(new Scope(null, null, "CloudTrail.1", arn, null)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
      assertThat(result.getMessage()).isEqualTo("nothing was changed on account " + ACCOUNT + " in us-east-1: the"
          + " trail " + arn + " is left as it is by exception 'control=CloudTrail.1;resource=" + arn + "' approved by"
          + " ciso@example.com until " + EXPIRY + ": left to its owners");
      assertThat(result.getApiCalls()).doesNotContain(TrailLogging.START, TrailLogging.PUT_SELECTORS);
      assertThat(trails.getTrailStatus(r -> r.name(arn)).isLogging()).isFalse();
    }
  }

  /** The tags are read with cloudtrail:ListTags, which the generated policy must grant CloudTrail.1. */
  @Test
  void aTrailCarryingAnExceptedTagIsLeftStoppedAndTheNextOneStarted() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String tagged = stoppedTrail(trails, "a-dataset-trail", true);
      String other = stoppedTrail(trails, "b-account-trail", false);

      RemediationResult result = cloud.run("cloudtrail-logging-on", THE_ACCOUNT,
          exempting(new Scope(null, null, "CloudTrail.1", null, PUBLIC_DATASET)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(result.getMessage()).startsWith("start logging on the multi-Region trail " + other)
          .contains("; the trail " + tagged + " is left as it is by exception 'control=CloudTrail.1;tag="
              + PUBLIC_DATASET + "'");
      assertThat(result.getApiCalls()).contains(LiveTags.TRAIL_TAGS);
      assertThat(trails.getTrailStatus(r -> r.name(tagged)).isLogging()).isFalse();
      assertThat(trails.getTrailStatus(r -> r.name(other)).isLogging()).isTrue();
    }
  }

  /** A snapshot anyone may create a volume from, tagged {@value #PUBLIC_DATASET} when {@code dataset}. */
  private static String publicSnapshot(Ec2Client ec2, boolean dataset) {
    String volume = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();
    String snapshot = ec2.createSnapshot(r -> r.volumeId(volume).tagSpecifications(dataset
        ? List.of(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT)
            .tags(tag -> tag.key("purpose").value("public-dataset")).build())
        : List.of())).snapshotId();
    ec2.modifySnapshotAttribute(r -> r.snapshotId(snapshot).attribute("createVolumePermission")
        .operationType("add").groupNames("all"));
    return snapshot;
  }

  private static boolean isPublic(Ec2Client ec2, String snapshot) {
    return ec2.describeSnapshotAttribute(r -> r.snapshotId(snapshot).attribute("createVolumePermission"))
        .createVolumePermissions().contains(CreateVolumePermission.builder().group("all").build());
  }

  /** A stopped multi-Region trail, tagged {@value #PUBLIC_DATASET} when {@code dataset}. */
  private static String stoppedTrail(CloudTrailClient trails, String name, boolean dataset) {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      if (s3.listBuckets().buckets().stream().noneMatch(bucket -> bucket.name().equals("trail-logs"))) {
        s3.createBucket(r -> r.bucket("trail-logs"));
      }
    }
    String arn = trails.createTrail(r -> r.name(name).s3BucketName("trail-logs").isMultiRegionTrail(true)
        .tagsList(dataset ? List.of(Tag.builder().key("purpose").value("public-dataset").build()) : List.of()))
        .trailARN();
    trails.stopLogging(r -> r.name(arn));
    return arn;
  }

  private static ExceptionLookup exempting(Scope scope) {
    return Commands.listing(List.of(ExceptionRecord.newBuilder().setScope(scope).setReason("left to its owners")
        .setApprover("ciso@example.com").setCreatedBy("alice").setCreatedAt(Instant.now().minusSeconds(60))
        .setExpiresAt(EXPIRY).build()));
  }
}
