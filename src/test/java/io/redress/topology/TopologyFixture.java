package io.redress.topology;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.SourceNames;
import io.redress.config.Topics;
import io.redress.contract.BreakerReset;
import io.redress.contract.BreakerState;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Notification;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.Resource;
import io.redress.contract.Scope;
import io.redress.contract.Severity;
import io.redress.exceptions.ExceptionScope;
import io.redress.ingest.FindingNormalizer;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.RecordKeys;
import io.redress.remediation.RemediationCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology in a test driver, with helpers to feed findings and exceptions and read every output. */
final class TopologyFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-11-01T09:00:00Z");
  static final String ACCOUNT = "111122223333";
  static final String REGION = "us-east-1";

  private final TopologyTestDriver driver;
  private final Path stateDir;
  private final String applicationId;
  private final TestInputTopic<String, byte[]> raw;
  private final TestInputTopic<String, Finding> findings;
  private final TestInputTopic<String, ExceptionRecord> exceptions;
  final TestOutputTopic<String, Decision> decisions;
  final TestOutputTopic<String, RemediationCommand> commands;
  final TestOutputTopic<String, RemediationCommand> held;
  final TestOutputTopic<String, Notification> notifications;
  final TestOutputTopic<String, BreakerState> breaker;
  final TestOutputTopic<String, DeadLetter> deadLetters;
  private Instant clock = START;

  TopologyFixture(String yaml) {
    RedressConfig config = ConfigLoader.fromYaml(yaml, Map.of());
    try {
      stateDir = Files.createTempDirectory("redress-topology-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // The production settings, exception handlers included; the driver itself needs no cluster.
    Properties properties = StreamsRole.properties(config.withBootstrapServers("unused:9092"), stateDir);
    applicationId = config.kafka().applicationId();
    // The clock a forged time is clamped to is the fixture's own, so tests can travel in time.
    driver = new TopologyTestDriver(RedressTopology.build(config, RemediationCatalogue.discover(),
        FindingNormalizer.of(config.ingest()), () -> clock),
        properties, START);
    var keys = Serdes.String();
    raw = driver.createInputTopic(Topics.UNPREFIXED.findingsRaw(), keys.serializer(), Serdes.ByteArray().serializer());
    findings = driver.createInputTopic(Topics.UNPREFIXED.findings(), keys.serializer(), serde(Finding.class).serializer());
    exceptions = driver.createInputTopic(Topics.UNPREFIXED.exceptions(), keys.serializer(), serde(ExceptionRecord.class).serializer());
    decisions = output(Topics.UNPREFIXED.decisions(), Decision.class);
    commands = output(Topics.UNPREFIXED.remediations(), RemediationCommand.class);
    held = output(Topics.UNPREFIXED.remediationsHeld(), RemediationCommand.class);
    notifications = output(Topics.UNPREFIXED.notifications(), Notification.class);
    breaker = output(Topics.UNPREFIXED.breaker(), BreakerState.class);
    deadLetters = output(Topics.UNPREFIXED.deadLetters(), DeadLetter.class);
  }

  private static <T extends SpecificRecord> AvroSerde<T> serde(Class<T> type) {
    return AvroSerde.of(type);
  }

  private <T extends SpecificRecord> TestOutputTopic<String, T> output(String topic, Class<T> type) {
    return driver.createOutputTopic(topic, Serdes.String().deserializer(), serde(type).deserializer());
  }

  /** How many changes a store has written to its changelog since the last call: what a restart restores. */
  int changelogWrites(String store) {
    return driver.createOutputTopic(applicationId + "-" + store + "-changelog", new ByteArrayDeserializer(),
        new ByteArrayDeserializer()).readRecordsToList().size();
  }

  /** Moves the clock that stamps the next inputs. */
  void advance(Duration duration) {
    clock = clock.plus(duration);
  }

  Instant now() {
    return clock;
  }

  void send(Finding finding) {
    finding.setReceivedAt(clock);
    finding.setObservedAt(clock);
    findings.pipeInput(RecordKeys.resource(finding.getResource()), finding, clock);
  }

  void sendRaw(String json) {
    raw.pipeInput(null, json.getBytes(StandardCharsets.UTF_8), clock);
  }

  /** A raw record naming who delivered it, as the webhook and the import name their source. */
  void sendRawFrom(String source, String json) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(SourceNames.HEADER, source.getBytes(StandardCharsets.UTF_8));
    raw.pipeInput(new TestRecord<>(source, json.getBytes(StandardCharsets.UTF_8), headers, clock));
  }

  /** A raw record whose producer claims the given time (CreateTime), whatever the fixture's clock says. */
  void sendRawStamped(String json, Instant claimed) {
    raw.pipeInput(null, json.getBytes(StandardCharsets.UTF_8), claimed);
  }

  /** A finding whose payload and record both claim the given time, as a forging producer would write it. */
  void sendStamped(Finding finding, Instant claimed) {
    finding.setReceivedAt(claimed);
    finding.setObservedAt(claimed);
    findings.pipeInput(RecordKeys.resource(finding.getResource()), finding, claimed);
  }

  /** A finding put on the findings topic by some other writer, under {@code key}. */
  void sendKeyed(String key, Finding finding) {
    finding.setReceivedAt(clock);
    finding.setObservedAt(clock);
    findings.pipeInput(key, finding, clock);
  }

  void sendUndecodableFinding(byte[] bytes) {
    driver.createInputTopic(Topics.UNPREFIXED.findings(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
        .pipeInput("a-resource", bytes, clock);
  }

  void sendUndecodableException(byte[] bytes) {
    driver.createInputTopic(Topics.UNPREFIXED.exceptions(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
        .pipeInput("account=111122223333", bytes, clock);
  }

  /** An executor's result for a command, keyed by its resource as the executor writes it. */
  void sendResult(RemediationResult result) {
    driver.createInputTopic(Topics.UNPREFIXED.remediationResults(), Serdes.String().serializer(),
            serde(RemediationResult.class).serializer())
        .pipeInput(RecordKeys.resource(result.getResource()), result, clock);
  }

  /** A decision as if read from the audit topic, e.g. one that arrives after its command's result. */
  void sendDecision(Decision decision) {
    driver.createInputTopic(Topics.UNPREFIXED.decisions(), Serdes.String().serializer(), serde(Decision.class).serializer())
        .pipeInput(RecordKeys.resource(decision.getFinding().getResource()), decision, clock);
  }

  /** A person's breaker reset, as `redress breaker reset` writes it. */
  void reset(String scope, String by, String reason) {
    driver.createInputTopic(Topics.UNPREFIXED.breakerCommands(), Serdes.String().serializer(),
            serde(BreakerReset.class).serializer())
        .pipeInput(scope, new BreakerReset(scope, by, reason), clock);
  }

  void sendRaw(byte[] bytes) {
    raw.pipeInput(null, bytes, clock);
  }

  void except(Scope scope, Instant expiresAt) {
    ExceptionRecord record = ExceptionRecord.newBuilder()
        .setScope(scope)
        .setReason("accepted risk for the test")
        .setApprover("ciso@example.com")
        .setCreatedBy("alice@example.com")
        .setCreatedAt(clock)
        .setExpiresAt(expiresAt)
        .setTicket("SEC-42")
        .build();
    exceptions.pipeInput(ExceptionScope.of(scope).key(), record, clock);
  }

  void revoke(Scope scope) {
    exceptions.pipeInput(ExceptionScope.of(scope).key(), null, clock);
  }

  static Finding bucketFinding(String bucket, String control) {
    return finding("arn:aws:s3:::" + bucket, "AwsS3Bucket", ACCOUNT, control);
  }

  static Finding finding(String resourceId, String type, String account, String control) {
    return Finding.newBuilder()
        .setFindingId("arn:aws:securityhub:" + REGION + ":" + account + ":security-control/" + control
            + "/finding/" + resourceId.hashCode())
        .setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub")
        .setRuleId("security-control/" + control)
        .setControl(control)
        .setTitle(control + " check failed")
        .setSeverity(Severity.HIGH)
        .setCompliance(ComplianceStatus.FAILED)
        .setActive(true)
        .setResource(Resource.newBuilder()
            .setType(type).setId(resourceId).setAccount(account).setRegion(REGION)
            .setTags(Map.of("team", "payments")).build())
        .setObservedAt(START)
        .setReceivedAt(START)
        .build();
  }

  /** The (resource, control) pairs the cool-down step still remembers. */
  List<String> cooldownEntries() {
    List<String> keys = new java.util.ArrayList<>();
    try (var entries = driver.<String, Long>getKeyValueStore(RedressTopology.COOLDOWN_STORE).all()) {
      entries.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }

  /** The keys a key-value store of the topology holds now. */
  List<String> storeKeys(String store) {
    List<String> keys = new java.util.ArrayList<>();
    try (var entries = driver.<String, Object>getKeyValueStore(store).all()) {
      entries.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }

  List<Decision> allDecisions() {
    return decisions.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
    try {
      org.apache.kafka.common.utils.Utils.delete(stateDir.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
