package io.redress.remediation;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.kafka.TopicProvisioner;
import io.redress.kafka.Topics;
import io.redress.testing.MotoServer;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Security Hub findings on other resource types than security groups (a bucket and the account with two controls
 * each, a KMS key, a queue) through the whole pipeline on a real broker: each raw event is normalized, decided,
 * commanded and executed against moto, whose state is read back. {@link SecurityGroupPipelineIT} does the same for a
 * security group.
 */
class CataloguePipelineIT {

  private static final String ACCOUNT = MotoServer.DEFAULT_ACCOUNT;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void findingsOfEachResourceTypeAreFixedEndToEnd() throws Exception {
    try (MotoServer moto = MotoServer.start()) {
      System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
      MotoCloud.Plain cloud = new MotoCloud.Plain(moto);
      String keyArn;
      String queueUrl;
      try (S3Client s3 = cloud.client(S3Client::builder); KmsClient kms = cloud.client(KmsClient::builder);
          SqsClient sqs = cloud.client(SqsClient::builder)) {
        s3.createBucket(r -> r.bucket("pipeline-data"));
        keyArn = kms.createKey(r -> r.description("data")).keyMetadata().arn();
        queueUrl = sqs.createQueue(r -> r.queueName("pipeline-jobs")
            .attributes(Map.of(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "false"))).queueUrl();
      }
      String bucket = "arn:aws:s3:::pipeline-data";
      String account = "AWS::::Account:" + ACCOUNT;
      String queue = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":pipeline-jobs";
      RedressConfig config = ConfigLoader.fromYaml("""
          kafka: {application-id: redress-catalogue-pipeline-%s}
          controls: {default-mode: auto}
          aws: {region: us-east-1, endpoint: '%s'}
          """.formatted(UUID.randomUUID(), moto.endpoint()), Map.of())
          .withBootstrapServers(TestBroker.bootstrapServers());
      try (Admin admin = Admin.create(config.kafka().clientProperties())) {
        new TopicProvisioner(admin, 3, (short) 1).provision();
      }
      RemediationCatalogue catalogue = RemediationCatalogue.discover();
      try (StreamsRole streams = new StreamsRole(config, catalogue, Files.createTempDirectory("redress-catalogue"),
          () -> true, reason -> { });
          ExecutorRole executor = new ExecutorRole(config.kafka(), config, catalogue, Optional.empty())) {
        streams.start();
        assertThat(streams.awaitRunning(PATIENCE)).as("topology running").isTrue();
        Thread executing = new Thread(executor, "executor-under-test");
        executing.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().clientProperties(),
            new StringSerializer(), new ByteArraySerializer())) {
          send(producer, event("S3.14", "AwsS3Bucket", bucket));
          send(producer, event("EC2.7", "AwsAccount", account));
          send(producer, event("KMS.4", "AwsKmsKey", keyArn));
          send(producer, event("SQS.1", "AwsSqsQueue", queue));
          send(producer, event("IAM.7", "AwsAccount", account));
          send(producer, event("S3.5", "AwsS3Bucket", bucket));
        }

        Set<String> ours = Set.of(bucket, account, keyArn, queue);
        List<RemediationResult> results = readExactly(config.kafka().clientProperties(), Topics.REMEDIATION_RESULTS,
            RemediationResult.class, r -> ours.contains(r.getResource().getId()), 6);

        assertThat(results).allSatisfy(result ->
            assertThat(result.getStatus()).as(result.getControl() + ": " + result.getMessage())
                .isEqualTo(RemediationStatus.APPLIED));
        assertThat(results).extracting(RemediationResult::getControl)
            .containsExactlyInAnyOrder("S3.14", "EC2.7", "KMS.4", "SQS.1", "IAM.7", "S3.5");
        try (S3Client s3 = cloud.client(S3Client::builder); Ec2Client ec2 = cloud.client(Ec2Client::builder);
            KmsClient kms = cloud.client(KmsClient::builder); SqsClient sqs = cloud.client(SqsClient::builder);
            IamClient iam = cloud.client(IamClient::builder)) {
          assertThat(s3.getBucketPolicy(r -> r.bucket("pipeline-data")).policy()).contains("aws:SecureTransport");
          assertThat(iam.getAccountPasswordPolicy().passwordPolicy().requireSymbols()).isTrue();
          assertThat(s3.getBucketVersioning(r -> r.bucket("pipeline-data")).statusAsString()).isEqualTo("Enabled");
          assertThat(ec2.getEbsEncryptionByDefault(r -> { }).ebsEncryptionByDefault()).isTrue();
          assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyArn)).keyRotationEnabled()).isTrue();
          assertThat(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
              .attributes().get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED)).isEqualTo("true");
        }
        executor.close();
        executing.join();
      }
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, String json) throws Exception {
    producer.send(new ProducerRecord<>(Topics.FINDINGS_RAW, null, json.getBytes(StandardCharsets.UTF_8))).get();
  }

  /** A failed finding of {@code control} on one resource, as Security Hub sends it through EventBridge. */
  private static String event(String control, String type, String resourceId) {
    Instant now = Instant.now();
    return """
        {"version": "0", "id": "%s", "detail-type": "Security Hub Findings - Imported", "source": "aws.securityhub",
         "account": "%s", "time": "%s", "region": "us-east-1", "resources": [],
         "detail": {"findings": [{
           "SchemaVersion": "2018-10-08", "Id": "arn:aws:securityhub:us-east-1:%s:security-control/%s/finding/%s",
           "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/securityhub", "ProductName": "Security Hub",
           "GeneratorId": "security-control/%s", "AwsAccountId": "%s", "Region": "us-east-1",
           "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
           "CreatedAt": "%s", "UpdatedAt": "%s",
           "Severity": {"Label": "MEDIUM"}, "Title": "%s",
           "Resources": [{"Type": "%s", "Id": "%s", "Partition": "aws", "Region": "us-east-1"}],
           "Compliance": {"Status": "FAILED", "SecurityControlId": "%s"},
           "Workflow": {"Status": "NEW"}, "RecordState": "ACTIVE"}]}}
        """.formatted(UUID.randomUUID(), ACCOUNT, now, ACCOUNT, control, UUID.randomUUID(), control, ACCOUNT, now,
        now, control + " failed", type, resourceId, control);
  }
}
