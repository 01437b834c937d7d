package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.ControlParameters;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import io.redress.contract.Scope;
import io.redress.exceptions.ExceptionLookup;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The RDS, CloudTrail, SNS and SQS remediations against one moto server (Lambda's are in {@link LambdaNotPublicIT},
 * CloudTrail.2's in {@link TrailEncryptionIT}). CloudTrail.1 acts on the account, as Security Hub reports it;
 * CloudTrail.4 on a trail.
 */
class ServiceControlsIT {

  private static final String ACCOUNT = MotoCloud.ACCOUNT;
  private static final Resource ACCOUNT_RESOURCE = MotoCloud.resource("AwsAccount", "AWS::::Account:" + ACCOUNT);

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
  void aPublicDbSnapshotIsMadePrivateAndItsNamedSharingKept() {
    try (RdsClient rds = cloud.client(RdsClient::builder)) {
      rds.createDBInstance(r -> r.dbInstanceIdentifier("orders").engine("postgres").dbInstanceClass("db.t3.micro")
          .masterUsername("admin").masterUserPassword("password123").allocatedStorage(20));
      rds.createDBSnapshot(r -> r.dbInstanceIdentifier("orders").dbSnapshotIdentifier("orders-snap"));
      rds.modifyDBSnapshotAttribute(r -> r.dbSnapshotIdentifier("orders-snap").attributeName("restore")
          .valuesToAdd("all", "111122223333"));

      assertFixedThenCompliant("rds-snapshot-private", MotoCloud.resource("AwsRdsDbSnapshot",
          "arn:aws:rds:us-east-1:" + ACCOUNT + ":snapshot:orders-snap"));

      assertThat(rds.describeDBSnapshotAttributes(r -> r.dbSnapshotIdentifier("orders-snap"))
          .dbSnapshotAttributesResult().dbSnapshotAttributes().get(0).attributeValues()).containsExactly("111122223333");
    }
  }

  @Test
  void aPublicDbInstanceIsMadePrivateAndKeepsItsClass() {
    try (RdsClient rds = cloud.client(RdsClient::builder)) {
      rds.createDBInstance(r -> r.dbInstanceIdentifier("orders").engine("postgres").dbInstanceClass("db.t3.micro")
          .masterUsername("admin").masterUserPassword("password123").allocatedStorage(20).publiclyAccessible(true));

      assertFixedThenCompliant("rds-instance-not-public",
          MotoCloud.resource("AwsRdsDbInstance", "arn:aws:rds:us-east-1:" + ACCOUNT + ":db:orders"));

      var instance = rds.describeDBInstances(r -> r.dbInstanceIdentifier("orders")).dbInstances().get(0);
      assertThat(instance.publiclyAccessible()).isFalse();
      assertThat(instance.dbInstanceClass()).isEqualTo("db.t3.micro");
    }
  }

  @Test
  void aDbInstanceConfigNamesByItsDbiResourceIdIsFoundByItAndMadePrivate() {
    try (RdsClient rds = cloud.client(RdsClient::builder)) {
      String dbiResourceId = publicInstance(rds, "orders");

      RemediationResult result = cloud.run("rds-instance-not-public",
          MotoCloud.resource("AwsRdsDbInstance", dbiResourceId));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(result.getMessage()).endsWith(" on orders");
      assertThat(result.getApiCalls()).containsExactly("rds:DescribeDBInstances", "rds:DescribeDBInstances",
          "rds:ModifyDBInstance", "rds:DescribeDBInstances");
      assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("orders")).dbInstances().get(0)
          .publiclyAccessible()).isFalse();
    }
  }

  /**
   * Config names a DB instance by its DbiResourceId, which no ARN can be built from: the topology could only match the
   * exceptions written on that id, and the executor's last look must find the one written on the instance's ARN.
   */
  @Test
  void anExceptionOnADbInstancesArnKeepsAFindingNamingItsDbiResourceIdFromChangingIt() {
    try (RdsClient rds = cloud.client(RdsClient::builder)) {
      String dbiResourceId = publicInstance(rds, "reporting");
      String arn = "arn:aws:rds:us-east-1:" + ACCOUNT + ":db:reporting";
      Scope scope = new Scope(null, null, "RDS.2", arn, null);
      ExceptionRecord exception = ExceptionRecord.newBuilder().setScope(scope).setReason("read by the BI vendor")
          .setApprover("ciso@example.com").setCreatedBy("alice").setCreatedAt(Instant.now().minusSeconds(60))
          .setExpiresAt(Instant.now().plusSeconds(3600)).build();
      ExceptionLookup onTheArn = Commands.listing(List.of(exception));

      RemediationResult result = cloud.run("rds-instance-not-public",
          MotoCloud.resource("AwsRdsDbInstance", dbiResourceId), onTheArn);

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
      assertThat(result.getMessage()).contains("read by the BI vendor")
          .endsWith("It covers " + arn + ", which the finding named " + dbiResourceId + ", so nothing was changed.");
      assertThat(result.getApiCalls()).containsExactly("rds:DescribeDBInstances");
      assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("reporting")).dbInstances().get(0)
          .publiclyAccessible()).isTrue();
    }
  }

  @Test
  void aDbiResourceIdNoInstanceAnswersToFailsSayingSo() {
    RemediationResult result = cloud.run("rds-instance-not-public",
        MotoCloud.resource("AwsRdsDbInstance", "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ"));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).isEqualTo("no DB instance in us-east-1 answer to the DbiResourceId"
        + " db-ABCDEFGHIJKLMNOPQRSTUVWXYZ, so nothing was changed");
    assertThat(result.getApiCalls()).containsExactly("rds:DescribeDBInstances");
  }

  /** A publicly accessible instance, by its DbiResourceId. */
  private static String publicInstance(RdsClient rds, String identifier) {
    return rds.createDBInstance(r -> r.dbInstanceIdentifier(identifier).engine("postgres")
        .dbInstanceClass("db.t3.micro").masterUsername("admin").masterUserPassword("password123").allocatedStorage(20)
        .publiclyAccessible(true)).dbInstance().dbiResourceId();
  }

  @Test
  void theAccountsStoppedMultiRegionTrailLogsAgainAndASingleRegionTrailIsLeftStopped() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String regional = trail(trails, "regional", false);
      String account = trail(trails, "account-trail", true);
      trails.stopLogging(r -> r.name(regional));
      trails.stopLogging(r -> r.name(account));

      RemediationResult fixed = assertFixedThenCompliant("cloudtrail-logging-on", ACCOUNT_RESOURCE);

      assertThat(fixed.getMessage()).contains("start logging on the multi-Region trail " + account);
      assertThat(fixed.getBefore()).contains("\"logging\":false").doesNotContain(regional);
      assertThat(trails.getTrailStatus(r -> r.name(account)).isLogging()).isTrue();
      assertThat(trails.getTrailStatus(r -> r.name(regional)).isLogging()).as("single-Region trail").isFalse();
    }
  }

  @Test
  void aMultiRegionTrailHomedInAnotherRegionIsStartedThere() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        CloudTrailClient home = cloud.client(CloudTrailClient::builder, Region.EU_WEST_1);
        S3Client s3 = cloud.client(S3Client::builder, Region.EU_WEST_1)) {
      s3.createBucket(r -> r.bucket("eu-trail-logs")
          .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
      String arn = home.createTrail(r -> r.name("eu-account-trail").s3BucketName("eu-trail-logs")
          .isMultiRegionTrail(true)).trailARN();

      assertFixedThenCompliant("cloudtrail-logging-on", ACCOUNT_RESOURCE);

      assertThat(home.getTrailStatus(r -> r.name(arn)).isLogging()).isTrue();
      assertThat(trails.describeTrails(r -> r.includeShadowTrails(true)).trailList()).extracting(Trail::trailARN)
          .as("seen from the finding's region us-east-1").containsExactly(arn);
    }
  }

  @Test
  void aMultiRegionTrailLoggingOnlyReadManagementEventsLogsWritesTooAndKeepsItsDataEventSelector() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String account = trail(trails, "account-trail", true);
      EventSelector dataEvents = EventSelector.builder().readWriteType(ReadWriteType.ALL)
          .includeManagementEvents(false).dataResources(d -> d.type("AWS::S3::Object").values("arn:aws:s3")).build();
      trails.putEventSelectors(r -> r.trailName(account).eventSelectors(dataEvents,
          EventSelector.builder().readWriteType(ReadWriteType.READ_ONLY).includeManagementEvents(true).build()));

      RemediationResult fixed = assertFixedThenCompliant("cloudtrail-logging-on", ACCOUNT_RESOURCE);

      assertThat(fixed.getMessage()).contains("log read and write management events (ReadOnly before)")
          .doesNotContain("start logging");
      assertThat(trails.getEventSelectors(r -> r.trailName(account)).eventSelectors()).containsExactly(dataEvents,
          EventSelector.builder().readWriteType(ReadWriteType.ALL).includeManagementEvents(true).build());
    }
  }

  @Test
  void aDryRunOnATrailWithAsManySelectorsAsCloudTrailAllowsNoneForManagementEventsSaysTheChangeWouldBeRefused() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String account = trail(trails, "account-trail", true);
      List<EventSelector> dataOnly = dataOnly();
      trails.putEventSelectors(r -> r.trailName(account).eventSelectors(dataOnly));

      RemediationResult planned = cloud.run("cloudtrail-logging-on", ACCOUNT_RESOURCE, true, Clock.systemUTC());

      assertThat(planned.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(planned.getMessage()).startsWith("dry run: the multi-Region trail " + account + " has "
          + TrailManagementEvents.MAX_SELECTORS + " event selectors, the most CloudTrail allows");
      assertThat(trails.getEventSelectors(r -> r.trailName(account)).eventSelectors()).isEqualTo(dataOnly);
    }
  }

  @Test
  void aStoppedTrailWithNoRoomForManagementEventsIsRefusedBeforeAnythingIsChanged() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String account = trail(trails, "account-trail", true);
      trails.putEventSelectors(r -> r.trailName(account).eventSelectors(dataOnly()));
      trails.stopLogging(r -> r.name(account));

      RemediationResult result = cloud.run("cloudtrail-logging-on", ACCOUNT_RESOURCE);

      assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getMessage()).startsWith("the multi-Region trail " + account + " has "
          + TrailManagementEvents.MAX_SELECTORS + " event selectors");
      assertThat(result.getApiCalls()).doesNotContain(TrailLogging.START, TrailLogging.PUT_SELECTORS);
      assertThat(trails.getTrailStatus(r -> r.name(account)).isLogging()).as("left stopped").isFalse();
    }
  }

  @Test
  void aTrailStartedBeforeItsSelectorsCouldBeWidenedIsNamedInTheFailure() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String account = trail(trails, "account-trail", true);
      trails.putEventSelectors(r -> r.trailName(account).eventSelectors(
          EventSelector.builder().readWriteType(ReadWriteType.READ_ONLY).includeManagementEvents(true).build()));
      trails.stopLogging(r -> r.name(account));
      cloud.denyTheRemediator(TrailLogging.PUT_SELECTORS);

      RemediationResult result = cloud.run("cloudtrail-logging-on", ACCOUNT_RESOURCE);

      assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getMessage()).startsWith(TrailLogging.PUT_SELECTORS + " on ")
          .endsWith("; the trail " + account + " was started logging before this failed");
      assertThat(trails.getTrailStatus(r -> r.name(account)).isLogging()).isTrue();
    }
  }

  @Test
  void anAccountWithoutAMultiRegionTrailFailsSayingRedressNeverCreatesOneAndItsRegionalTrailStaysStopped() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String regional = trail(trails, "regional", false);
      trails.stopLogging(r -> r.name(regional));

      RemediationResult result = cloud.run("cloudtrail-logging-on", ACCOUNT_RESOURCE);

      assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getMessage()).startsWith("account " + ACCOUNT + " has no multi-Region trail in us-east-1")
          .contains("Redress never creates a trail");
      assertThat(trails.getTrailStatus(r -> r.name(regional)).isLogging()).isFalse();
    }
  }

  @Test
  void logFileValidationIsTurnedOnAndTheTrailsBucketKept() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String arn = trail(trails);

      assertFixedThenCompliant("cloudtrail-log-file-validation", MotoCloud.resource("AwsCloudTrailTrail", arn));

      Trail trail = trails.describeTrails(r -> r.trailNameList(arn)).trailList().get(0);
      assertThat(trail.logFileValidationEnabled()).isTrue();
      assertThat(trail.s3BucketName()).isEqualTo("trail-logs");
    }
  }

  @Test
  void aTopicAnyoneButOneAccountMayPublishToIsRefusedTheManagedKeyAndOneOnlyItsOwnSourcesUseIsEncrypted() {
    try (SnsClient sns = cloud.client(SnsClient::builder)) {
      String open = sns.createTopic(r -> r.name("open")).topicArn();
      String policy = """
          {"Version":"2012-10-17","Statement":[{"Sid":"AllButOne","Effect":"Allow","Principal":{"AWS":"*"},
           "Action":"sns:Publish","Resource":"%s",
           "Condition":{"StringNotEquals":{"aws:SourceAccount":"444455556666"}}}]}""".formatted(open);
      sns.setTopicAttributes(r -> r.topicArn(open).attributeName("Policy").attributeValue(policy));
      // SNS gives every new topic a "*" statement pinned to AWS:SourceOwner, its own account.
      String own = sns.createTopic(r -> r.name("own")).topicArn();

      RemediationResult refused = cloud.run("sns-topic-encryption", MotoCloud.resource("AwsSnsTopic", open));
      assertFixedThenCompliant("sns-topic-encryption", MotoCloud.resource("AwsSnsTopic", own));

      assertThat(refused.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(refused.getMessage()).contains("lets anyone (\"Principal\": \"*\") publish to it",
          "AWS managed key alias/aws/sns would stop it");
      assertThat(sns.getTopicAttributes(r -> r.topicArn(open)).attributes().get("KmsMasterKeyId")).isNullOrEmpty();
      assertThat(sns.getTopicAttributes(r -> r.topicArn(own)).attributes())
          .containsEntry("KmsMasterKeyId", TopicEncryption.AWS_MANAGED_KEY);
    }
  }

  @Test
  void anUnencryptedTopicIsEncryptedWithTheManagedKey() {
    try (SnsClient sns = cloud.client(SnsClient::builder)) {
      String topic = sns.createTopic(r -> r.name("alerts").attributes(Map.of("DisplayName", "Alerts"))).topicArn();

      assertFixedThenCompliant("sns-topic-encryption", MotoCloud.resource("AwsSnsTopic", topic));

      Map<String, String> attributes = sns.getTopicAttributes(r -> r.topicArn(topic)).attributes();
      assertThat(attributes).containsEntry("KmsMasterKeyId", TopicEncryption.AWS_MANAGED_KEY)
          .containsEntry("DisplayName", "Alerts");
    }
  }

  @Test
  void aTopicAnAwsServicePublishesToIsNotGivenTheManagedKeyWhichWouldStopIt() {
    try (SnsClient sns = cloud.client(SnsClient::builder)) {
      String topic = topicEventBridgePublishesTo(sns);

      RemediationResult result = cloud.run("sns-topic-encryption", MotoCloud.resource("AwsSnsTopic", topic));

      assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getMessage()).contains("events.amazonaws.com", "AWS managed key alias/aws/sns would stop it",
          "set controls.SNS.1.kms-key to a customer managed key");
      assertThat(sns.getTopicAttributes(r -> r.topicArn(topic)).attributes().get("KmsMasterKeyId")).isNullOrEmpty();
    }
  }

  @Test
  void aDryRunOnATopicAnAwsServicePublishesToSaysItWouldBeRefused() {
    try (SnsClient sns = cloud.client(SnsClient::builder)) {
      String topic = topicEventBridgePublishesTo(sns);

      RemediationResult result = cloud.run("sns-topic-encryption", MotoCloud.resource("AwsSnsTopic", topic), true,
          Clock.systemUTC());

      assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getMessage()).startsWith("dry run: refused: the policy of the topic lets ")
          .contains("events.amazonaws.com");
    }
  }

  @Test
  void withACustomerManagedKeyConfiguredATopicAnAwsServicePublishesToIsEncryptedWithIt() {
    try (SnsClient sns = cloud.client(SnsClient::builder); KmsClient kms = cloud.client(KmsClient::builder)) {
      String key = kms.createKey(r -> r.description("sns")).keyMetadata().keyId();
      kms.createAlias(r -> r.aliasName("alias/sns-cmk").targetKeyId(key));
      String topic = topicEventBridgePublishesTo(sns);
      ControlParameters parameters = ConfigLoader.fromYaml(
          "controls: {SNS.1: {mode: auto, kms-key: alias/sns-cmk}}", Map.of()).policy().parameters();

      RemediationResult result = cloud.run(parameters, "sns-topic-encryption",
          MotoCloud.resource("AwsSnsTopic", topic), Clock.systemUTC());

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(sns.getTopicAttributes(r -> r.topicArn(topic)).attributes())
          .containsEntry("KmsMasterKeyId", "alias/sns-cmk");
    }
  }

  /** A topic whose policy lets EventBridge rules publish to it, as the EventBridge console writes it. */
  private static String topicEventBridgePublishesTo(SnsClient sns) {
    String topic = sns.createTopic(r -> r.name("findings")).topicArn();
    String policy = """
        {"Version":"2012-10-17","Statement":[{"Sid":"AWSEvents_findings","Effect":"Allow",
         "Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"%s"}]}""".formatted(topic);
    sns.setTopicAttributes(r -> r.topicArn(topic).attributeName("Policy").attributeValue(policy));
    return topic;
  }

  @Test
  void anUnencryptedQueueGetsSqsManagedEncryption() {
    try (SqsClient sqs = cloud.client(SqsClient::builder)) {
      String url = sqs.createQueue(r -> r.queueName("jobs").attributes(Map.of(
          QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "false", QueueAttributeName.VISIBILITY_TIMEOUT, "45"))).queueUrl();

      assertFixedThenCompliant("sqs-queue-encryption",
          MotoCloud.resource("AwsSqsQueue", "arn:aws:sqs:us-east-1:" + ACCOUNT + ":jobs"));

      Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
          .attributeNames(QueueAttributeName.ALL)).attributes();
      assertThat(attributes).containsEntry(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true")
          .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "45");
    }
  }

  /** As many selectors as CloudTrail allows, none of them logging management events. */
  private static List<EventSelector> dataOnly() {
    return IntStream.range(0, TrailManagementEvents.MAX_SELECTORS)
        .mapToObj(i -> EventSelector.builder().readWriteType(ReadWriteType.ALL).includeManagementEvents(false)
            .dataResources(d -> d.type("AWS::S3::Object").values("arn:aws:s3:::bucket-" + i + "/")).build())
        .toList();
  }

  private static String trail(CloudTrailClient trails) {
    return trail(trails, "management", false);
  }

  /** A logging trail writing to the bucket trail-logs, made on first use. */
  private static String trail(CloudTrailClient trails, String name, boolean multiRegion) {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      if (s3.listBuckets().buckets().stream().noneMatch(bucket -> bucket.name().equals("trail-logs"))) {
        s3.createBucket(r -> r.bucket("trail-logs"));
      }
    }
    String arn = trails.createTrail(r -> r.name(name).s3BucketName("trail-logs").isMultiRegionTrail(multiRegion))
        .trailARN();
    trails.startLogging(r -> r.name(arn));
    return arn;
  }

  private static RemediationResult assertFixedThenCompliant(String action, Resource resource) {
    RemediationResult first = cloud.run(action, resource);
    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(first.getBefore()).isNotEqualTo(first.getAfter());
    RemediationResult again = cloud.run(action, resource);
    assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    return first;
  }
}
