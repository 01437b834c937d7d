package io.redress.remediation;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.RemediationResult;
import io.redress.kafka.TopicProvisioner;
import io.redress.topology.StreamsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Redress's decision topology and one executor on a real broker, for tests that send raw findings in and read
 * remediation results out: one of each per test class, however many controls the class sends.
 */
final class PipelineUnderTest implements AutoCloseable {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private final RedressConfig config;
  private final StreamsRole streams;
  private final ExecutorRole executor;
  private final Thread executing;

  /** Starts both roles; {@code executor} runs every command the topology writes and is closed with the roles. */
  PipelineUnderTest(RedressConfig config, RemediationCatalogue catalogue, RemediationExecutor executor)
      throws Exception {
    this.config = config;
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    this.streams = new StreamsRole(config, catalogue, Files.createTempDirectory("redress-pipeline"), () -> true,
        reason -> { });
    this.executor = new ExecutorRole(config.kafka(), executor, config.executor(), Optional.empty());
    streams.start();
    assertThat(streams.awaitRunning(PATIENCE)).as("topology running").isTrue();
    this.executing = new Thread(this.executor, "executor-under-test");
    executing.start();
  }

  /** Publishes raw events to the raw findings topic, as the EventBridge connector would. */
  void send(List<String> events) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().clientProperties(),
        new StringSerializer(), new ByteArraySerializer())) {
      for (String event : events) {
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), null, event.getBytes(StandardCharsets.UTF_8))).get();
      }
    }
  }

  /** Exactly {@code expected} results matching, read back as an auditor would. */
  List<RemediationResult> results(Predicate<RemediationResult> matching, int expected) {
    return readExactly(config.kafka().clientProperties(), Topics.UNPREFIXED.remediationResults(), RemediationResult.class,
        matching, expected);
  }

  @Override
  public void close() throws Exception {
    executor.close();
    executing.join();
    streams.close();
  }

  /**
   * A failed finding of {@code control} on one resource, as Security Hub sends it through EventBridge (consolidated
   * control findings: the generator is the control). The same finding again is the same {@code findingId} with a
   * later update time, as Security Hub re-imports a finding that still fails.
   */
  static String securityHubEvent(String account, String findingId, String control, String type, String resourceId) {
    Instant now = Instant.now();
    return """
        {"version": "0", "id": "%s", "detail-type": "Security Hub Findings - Imported", "source": "aws.securityhub",
         "account": "%s", "time": "%s", "region": "us-east-1", "resources": ["%s"],
         "detail": {"findings": [{
           "SchemaVersion": "2018-10-08", "Id": "%s",
           "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/securityhub", "ProductName": "Security Hub",
           "GeneratorId": "security-control/%s", "AwsAccountId": "%s", "Region": "us-east-1",
           "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
           "CreatedAt": "%s", "UpdatedAt": "%s",
           "Severity": {"Label": "HIGH"}, "Title": "%s failed",
           "Resources": [{"Type": "%s", "Id": "%s", "Partition": "aws", "Region": "us-east-1"}],
           "Compliance": {"Status": "FAILED", "SecurityControlId": "%s"},
           "Workflow": {"Status": "NEW"}, "RecordState": "ACTIVE"}]}}
        """.formatted(UUID.randomUUID(), account, now, findingId, findingId, control, account, now, now, control,
        type, resourceId, control);
  }

  /** A Security Hub finding id of {@code control} in {@code account}, as consolidated control findings are named. */
  static String findingId(String account, String control) {
    return "arn:aws:securityhub:us-east-1:" + account + ":security-control/" + control + "/finding/"
        + UUID.randomUUID();
  }
}
