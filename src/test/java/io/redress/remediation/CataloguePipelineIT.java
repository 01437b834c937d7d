package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.testing.TestBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsResponse;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Every catalogued control through the whole pipeline on a real broker: moto holds one misconfigured resource per
 * control, the findings go in together as the raw Security Hub events each control produces (its resource type and
 * id as Security Hub names them), are normalized, decided, commanded and executed, and the state is read back from
 * moto. The same findings then come again, as Security Hub re-imports a finding that still fails; with a one-second
 * cool-down they are decided again, and every action answers ALREADY_COMPLIANT. One topology, one executor and one
 * moto serve all controls; moto checks every call of the executor against exactly the generated remediator policy.
 *
 * <p>Where the test differs from AWS, and why:
 * <ul>
 *   <li>The executor runs 100 days ahead: moto stamps access keys with the present, and IAM.3/IAM.8 judge a key's
 *       age by the executor's clock (Security Hub's default maximum is 90 days, the smallest configurable one day).
 *   <li>It reaches moto through {@code localhost} with {@link AccountHostToEmulator}: S3 Control (S3.1) puts the
 *       account id in the host name. S3.1's state is read back by the action itself (its result's after-state),
 *       as the test's own client would need the same detour.
 *   <li>CloudTrail.1 comes on the account, as Security Hub (and AWS Config's {@code multi-region-cloudtrail-enabled})
 *       reports it: its action finds the account's stopped multi-Region trail and starts it, and leaves a stopped
 *       single-Region trail beside it stopped.
 * </ul>
 */
class CataloguePipelineIT {

  private static final String ACCOUNT = MotoCloud.ACCOUNT;
  private static final String ACCOUNT_ID = "AWS::::Account:" + ACCOUNT;
  private static final String REGION_ARN = "us-east-1:" + ACCOUNT + ":";
  private static final String PARTNER = "111122223333";
  private static final String PARTNER_STATEMENT = """
      {"Sid":"PartnerRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},\
      "Action":"s3:GetObject","Resource":"arn:aws:s3:::pipeline-data/*"}""";
  private static final Clock LATER = MotoCloud.at(Instant.now().plus(Duration.ofDays(100)));

  private record Finding(String control, String type, String id, String findingId) {
    Finding(String control, String type, String id) {
      this(control, type, id, PipelineUnderTest.findingId(ACCOUNT, control));
    }

    String event() {
      return PipelineUnderTest.securityHubEvent(ACCOUNT, findingId, control, type, id);
    }
  }

  private static MotoCloud cloud;
  private static final List<Finding> findings = new ArrayList<>();
  private static final Map<String, String> groups = new HashMap<>();
  private static String instance;
  private static String snapshot;
  private static String keyArn;
  private static String trailArn;
  private static String regionalTrailArn;
  private static String topicArn;
  private static String queueUrl;

  @BeforeAll
  static void misconfigure() throws Exception {
    cloud = MotoCloud.start();
    buckets();
    account();
    securityGroups();
    ec2Instance();
    rds();
    iamAndKms();
    trail();
    lambdaSnsSqs();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void everyCatalogedControlIsFixedEndToEndAndTheSameFindingAgainIsAlreadyCompliant() throws Exception {
    RemediationCatalogue catalogue = RemediationCatalogue.discover();
    RedressConfig config = ConfigLoader.fromYaml("""
        kafka: {application-id: redress-catalogue-pipeline-%s}
        controls: {default-mode: auto}
        cooldown: PT1S
        breaker: {thresholds: {global: 1000, account: 1000, control: 1000}}
        aws: {region: us-east-1}
        """.formatted(UUID.randomUUID()), Map.of()).withBootstrapServers(TestBroker.bootstrapServers());
    Set<String> ours = findings.stream().map(Finding::id).collect(Collectors.toSet());
    try (PipelineUnderTest pipeline = new PipelineUnderTest(config, catalogue, cloud.executor(
        catalogue.with(config.policy().parameters()), LATER, List.of(new AccountHostToEmulator())))) {
      pipeline.send(findings.stream().map(Finding::event).toList());
      List<RemediationResult> first = pipeline.results(r -> ours.contains(r.getResource().getId()), findings.size());
      Map<String, RemediationResult> fixed = byControl(first);

      assertThat(fixed.keySet()).as("one result per control").hasSize(findings.size())
          .containsAll(catalogue.actions().stream().flatMap(action -> action.controls().stream()).toList());
      fixed.forEach((control, result) -> {
        assertThat(result.getStatus()).as(control + ": " + result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
        assertThat(result.getAfter()).as(control).isNotEqualTo(result.getBefore());
      });

      Set<String> firstCommands = first.stream().map(RemediationResult::getCommandId).collect(Collectors.toSet());
      pipeline.send(findings.stream().map(Finding::event).toList());
      List<RemediationResult> again = pipeline.results(r -> ours.contains(r.getResource().getId())
          && !firstCommands.contains(r.getCommandId()), findings.size());

      assertThat(byControl(again)).hasSize(findings.size()).allSatisfy((control, result) ->
          assertThat(result.getStatus()).as(control + ": " + result.getMessage())
              .isEqualTo(RemediationStatus.ALREADY_COMPLIANT));
      assertS3Fixed(fixed.get("S3.1"));
      assertEc2Fixed();
      assertServicesFixed();
    }
  }

  private static Map<String, RemediationResult> byControl(List<RemediationResult> results) {
    return results.stream().collect(Collectors.toMap(RemediationResult::getControl, Function.identity()));
  }

  private static void buckets() {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      s3.createBucket(b -> b.bucket("pipeline-data"));
      s3.deleteBucketEncryption(b -> b.bucket("pipeline-data"));
      s3.putBucketPolicy(b -> b.bucket("pipeline-data")
          .policy("{\"Version\":\"2012-10-17\",\"Statement\":[" + PARTNER_STATEMENT + "]}"));
      for (String control : List.of("S3.4", "S3.5", "S3.6", "S3.14")) {
        findings.add(new Finding(control, "AwsS3Bucket", "arn:aws:s3:::pipeline-data"));
      }
      for (String control : List.of("S3.2", "S3.3", "S3.8")) {
        String bucket = "pipeline-open-" + control.toLowerCase().replace('.', '-');
        s3.createBucket(b -> b.bucket(bucket));
        findings.add(new Finding(control, "AwsS3Bucket", "arn:aws:s3:::" + bucket));
      }
    }
  }

  /** Account-wide settings: none set, and one public snapshot also shared with a named account. */
  private static void account() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      String volume = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();
      snapshot = ec2.createSnapshot(r -> r.volumeId(volume)).snapshotId();
      ec2.modifySnapshotAttribute(r -> r.snapshotId(snapshot).attribute("createVolumePermission")
          .operationType("add").groupNames("all").userIds(PARTNER));
    }
    for (String control : List.of("S3.1", "EC2.1", "EC2.7", "IAM.7", "CloudTrail.1")) {
      findings.add(new Finding(control, "AwsAccount", ACCOUNT_ID));
    }
  }

  /** Each group has the rule its control revokes beside rules that must stay. */
  private static void securityGroups() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      groups.put("EC2.2", ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("default")))
          .securityGroups().get(0).groupId());
      groups.put("EC2.13", group(ec2, open(22, "0.0.0.0/0"), open(22, "10.0.0.0/8"), open(443, "0.0.0.0/0")));
      groups.put("EC2.14", group(ec2, open(3389, "0.0.0.0/0"), open(22, "0.0.0.0/0")));
      groups.put("EC2.18", group(ec2, open(8443, "0.0.0.0/0"), open(443, "0.0.0.0/0")));
      groups.put("EC2.19", group(ec2, open(3306, "0.0.0.0/0"), open(3306, "10.0.0.0/8"), open(80, "0.0.0.0/0")));
    }
    groups.forEach((control, group) -> findings.add(new Finding(control, "AwsEc2SecurityGroup",
        "arn:aws:ec2:" + REGION_ARN + "security-group/" + group)));
  }

  private static void ec2Instance() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      String image = ec2.describeImages(r -> { }).images().get(0).imageId();
      instance = ec2.runInstances(r -> r.imageId(image).minCount(1).maxCount(1)
          .metadataOptions(m -> m.httpTokens("optional").httpPutResponseHopLimit(3).instanceMetadataTags("enabled")))
          .instances().get(0).instanceId();
    }
    findings.add(new Finding("EC2.8", "AwsEc2Instance", "arn:aws:ec2:" + REGION_ARN + "instance/" + instance));
  }

  private static void rds() {
    try (RdsClient rds = cloud.client(RdsClient::builder)) {
      rds.createDBInstance(r -> r.dbInstanceIdentifier("orders").engine("postgres").dbInstanceClass("db.t3.micro")
          .masterUsername("admin").masterUserPassword("password123").allocatedStorage(20).publiclyAccessible(true));
      rds.createDBSnapshot(r -> r.dbInstanceIdentifier("orders").dbSnapshotIdentifier("orders-snap"));
      rds.modifyDBSnapshotAttribute(r -> r.dbSnapshotIdentifier("orders-snap").attributeName("restore")
          .valuesToAdd("all", PARTNER));
    }
    findings.add(new Finding("RDS.1", "AwsRdsDbSnapshot", "arn:aws:rds:" + REGION_ARN + "snapshot:orders-snap"));
    findings.add(new Finding("RDS.2", "AwsRdsDbInstance", "arn:aws:rds:" + REGION_ARN + "db:orders"));
  }

  private static void iamAndKms() {
    try (IamClient iam = cloud.client(IamClient::builder); KmsClient kms = cloud.client(KmsClient::builder)) {
      iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(12).maxPasswordAge(60).requireNumbers(true));
      for (String user : List.of("alice", "carol")) {
        iam.createUser(r -> r.userName(user));
        iam.createAccessKey(r -> r.userName(user));
      }
      keyArn = kms.createKey(r -> r.description("data")).keyMetadata().arn();
    }
    findings.add(new Finding("IAM.3", "AwsIamUser", "arn:aws:iam::" + ACCOUNT + ":user/alice"));
    findings.add(new Finding("IAM.8", "AwsIamUser", "arn:aws:iam::" + ACCOUNT + ":user/carol"));
    findings.add(new Finding("KMS.4", "AwsKmsKey", keyArn));
  }

  /**
   * One stopped multi-Region trail, unencrypted and without log file validation, and a stopped single-Region trail
   * CloudTrail.1 must leave alone.
   */
  private static void trail() {
    try (S3Client s3 = cloud.client(S3Client::builder);
        CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      s3.createBucket(r -> r.bucket("trail-logs"));
      trailArn = trails.createTrail(r -> r.name("management").s3BucketName("trail-logs").isMultiRegionTrail(true))
          .trailARN();
      regionalTrailArn = trails.createTrail(r -> r.name("regional").s3BucketName("trail-logs")).trailARN();
    }
    findings.add(new Finding("CloudTrail.2", "AwsCloudTrailTrail", trailArn));
    findings.add(new Finding("CloudTrail.4", "AwsCloudTrailTrail", trailArn));
  }

  private static void lambdaSnsSqs() {
    String function;
    try (LambdaClient lambda = cloud.client(LambdaClient::builder); IamClient iam = cloud.client(IamClient::builder);
        SnsClient sns = cloud.client(SnsClient::builder); SqsClient sqs = cloud.client(SqsClient::builder)) {
      String role = iam.createRole(r -> r.roleName("fn").assumeRolePolicyDocument("{}")).role().arn();
      function = lambda.createFunction(r -> r.functionName("thumbnail").runtime("python3.12").role(role)
          .handler("app.handler").code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6}))))
          .functionArn();
      lambda.addPermission(r -> r.functionName("thumbnail").statementId("anyone").action("lambda:InvokeFunction")
          .principal("*"));
      lambda.addPermission(r -> r.functionName("thumbnail").statementId("uploads").action("lambda:InvokeFunction")
          .principal("s3.amazonaws.com").sourceArn("arn:aws:s3:::uploads").sourceAccount(ACCOUNT));
      topicArn = sns.createTopic(r -> r.name("alerts").attributes(Map.of("DisplayName", "Alerts"))).topicArn();
      queueUrl = sqs.createQueue(r -> r.queueName("jobs").attributes(Map.of(
          QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "false", QueueAttributeName.VISIBILITY_TIMEOUT, "45")))
          .queueUrl();
    }
    findings.add(new Finding("Lambda.1", "AwsLambdaFunction", function));
    findings.add(new Finding("SNS.1", "AwsSnsTopic", topicArn));
    findings.add(new Finding("SQS.1", "AwsSqsQueue", "arn:aws:sqs:" + REGION_ARN + "jobs"));
  }

  private static void assertS3Fixed(RemediationResult accountBlock) throws Exception {
    assertThat(accountBlock.getBefore()).contains("\"BlockPublicPolicy\":false");
    assertThat(accountBlock.getAfter()).doesNotContain("false");
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      assertThat(s3.getBucketEncryption(b -> b.bucket("pipeline-data")).serverSideEncryptionConfiguration().rules()
          .get(0).applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
      assertThat(s3.getBucketVersioning(b -> b.bucket("pipeline-data")).statusAsString()).isEqualTo("Enabled");
      JsonNode statements = new ObjectMapper().readTree(s3.getBucketPolicy(b -> b.bucket("pipeline-data")).policy())
          .path("Statement");
      assertThat(statements).hasSize(3);
      assertThat(statements.get(0)).isEqualTo(new ObjectMapper().readTree(PARTNER_STATEMENT));
      assertThat(statements.findValuesAsText("Sid")).contains(S3DenyInsecureTransport.SID,
          S3DenyCrossAccountPolicyChanges.SID);
      for (String control : List.of("S3.2", "S3.3", "S3.8")) {
        String bucket = "pipeline-open-" + control.toLowerCase().replace('.', '-');
        PublicAccessBlockConfiguration block =
            s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
            block.restrictPublicBuckets())).as(control).containsOnly(true);
      }
    }
  }

  private static void assertEc2Fixed() {
    try (Ec2Client ec2 = cloud.client(Ec2Client::builder)) {
      assertThat(ec2.getEbsEncryptionByDefault(r -> { }).ebsEncryptionByDefault()).isTrue();
      assertThat(ec2.describeSnapshotAttribute(r -> r.snapshotId(snapshot).attribute("createVolumePermission"))
          .createVolumePermissions()).containsExactly(CreateVolumePermission.builder().userId(PARTNER).build());
      assertThat(ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groups.get("EC2.2"))))
          .securityGroupRules()).as("EC2.2: no rule either way").isEmpty();
      assertThat(rules(ec2, "EC2.13")).containsExactlyInAnyOrder("22 10.0.0.0/8", "443 0.0.0.0/0");
      assertThat(rules(ec2, "EC2.14")).containsExactlyInAnyOrder("22 0.0.0.0/0");
      assertThat(rules(ec2, "EC2.18")).containsExactlyInAnyOrder("443 0.0.0.0/0");
      assertThat(rules(ec2, "EC2.19")).containsExactlyInAnyOrder("3306 10.0.0.0/8", "80 0.0.0.0/0");
      InstanceMetadataOptionsResponse options = ec2.describeInstances(r -> r.instanceIds(instance)).reservations()
          .get(0).instances().get(0).metadataOptions();
      assertThat(options.httpTokensAsString()).isEqualTo("required");
      assertThat(options.httpPutResponseHopLimit()).isEqualTo(3);
      assertThat(options.instanceMetadataTagsAsString()).isEqualTo("enabled");
    }
  }

  private static void assertServicesFixed() {
    try (RdsClient rds = cloud.client(RdsClient::builder); IamClient iam = cloud.client(IamClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder);
        CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        LambdaClient lambda = cloud.client(LambdaClient::builder); SnsClient sns = cloud.client(SnsClient::builder);
        SqsClient sqs = cloud.client(SqsClient::builder)) {
      assertThat(rds.describeDBSnapshotAttributes(r -> r.dbSnapshotIdentifier("orders-snap"))
          .dbSnapshotAttributesResult().dbSnapshotAttributes().get(0).attributeValues()).containsExactly(PARTNER);
      DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier("orders")).dbInstances().get(0);
      assertThat(db.publiclyAccessible()).isFalse();
      assertThat(db.dbInstanceClass()).isEqualTo("db.t3.micro");
      for (String user : List.of("alice", "carol")) {
        assertThat(iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata()).as(user).singleElement()
            .satisfies(key -> assertThat(key.statusAsString()).isEqualTo("Inactive"));
      }
      var password = iam.getAccountPasswordPolicy().passwordPolicy();
      assertThat(password.requireSymbols()).isTrue();
      assertThat(password.minimumPasswordLength()).isEqualTo(12);
      assertThat(password.maxPasswordAge()).isEqualTo(60);
      assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyArn)).keyRotationEnabled()).isTrue();
      Trail trail = trails.describeTrails(r -> r.trailNameList(trailArn)).trailList().get(0);
      assertThat(trail.kmsKeyId())
          .isEqualTo(kms.describeKey(r -> r.keyId(TrailEncryption.ALIAS)).keyMetadata().arn());
      assertThat(trail.logFileValidationEnabled()).isTrue();
      assertThat(trail.s3BucketName()).isEqualTo("trail-logs");
      assertThat(trails.getTrailStatus(r -> r.name(trailArn)).isLogging()).as("CloudTrail.1").isTrue();
      assertThat(trails.getTrailStatus(r -> r.name(regionalTrailArn)).isLogging()).as("single-Region trail").isFalse();
      assertThat(lambda.getPolicy(r -> r.functionName("thumbnail")).policy()).contains("uploads")
          .doesNotContain("anyone");
      assertThat(sns.getTopicAttributes(r -> r.topicArn(topicArn)).attributes())
          .containsEntry("KmsMasterKeyId", TopicEncryption.AWS_MANAGED_KEY).containsEntry("DisplayName", "Alerts");
      assertThat(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
          .attributes()).containsEntry(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true")
          .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "45");
    }
  }

  private static IpPermission open(int port, String cidr) {
    return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port).ipRanges(r -> r.cidrIp(cidr)).build();
  }

  private static String group(Ec2Client ec2, IpPermission... permissions) {
    String group = ec2.createSecurityGroup(r -> r.groupName("g-" + UUID.randomUUID()).description("test")).groupId();
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(permissions));
    return group;
  }

  /** The ingress rules of the group under {@code control}, as "port source". */
  private static List<String> rules(Ec2Client ec2, String control) {
    return ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groups.get(control))))
        .securityGroupRules().stream().filter(rule -> !Boolean.TRUE.equals(rule.isEgress()))
        .map(rule -> rule.fromPort() + " " + rule.cidrIpv4()).toList();
  }
}
