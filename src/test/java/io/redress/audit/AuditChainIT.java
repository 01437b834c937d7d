package io.redress.audit;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.audit.ChainBreak.Kind;
import io.redress.config.Topics;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationResult;
import io.redress.kafka.AvroSerde;
import io.redress.testing.SecurityHubEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hash chains written by the real topology and executors on a real broker with three partitions, and what
 * {@code audit verify} finds in tampered copies of them.
 *
 * <p>History: S3.8 findings (remediated through the breaker's single task) and S3.5 findings (control off, settled in
 * the findings task) on buckets spread over every partition; the executor is replaced halfway, so the second one must
 * continue the result chains from the topic.
 */
class AuditChainIT {

  private static final String ACCOUNT = "111122223333";
  private static final String SETTINGS = """
      controls: {S3.8: {mode: auto}, S3.5: {mode: 'off'}}
      breaker: {thresholds: {global: 1000, account: 1000, control: 1000}}
      """;

  private static LiveRun run;
  private static Properties client;
  private static List<RemediationResult> resultsAfterRestart;

  @BeforeAll
  static void makeHistory() throws Exception {
    run = LiveRun.start(SETTINGS, 3);
    client = run.client();
    run.startTopology();
    Instant observed = Instant.now().minus(Duration.ofMinutes(5));
    try (LiveRun.Executor first = run.startExecutor()) {
      for (int i = 0; i < 9; i++) {
        run.sendEvent(SecurityHubEvents.publicBucket(ACCOUNT, "remediated-" + i, observed));
        run.sendEvent(SecurityHubEvents.publicBucket(ACCOUNT, "settled-" + i, observed).replace("S3.8", "S3.5"));
      }
      readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class, 9);
    }
    try (LiveRun.Executor second = run.startExecutor()) {
      for (int i = 9; i < 15; i++) {
        run.sendEvent(SecurityHubEvents.publicBucket(ACCOUNT, "remediated-" + i, observed));
      }
      resultsAfterRestart = readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class,
          result -> Integer.parseInt(result.getResource().getId().replaceAll(".*-", "")) >= 9, 6);
    }
    readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class, 24);
  }

  @AfterAll
  static void stop() throws Exception {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void theChainsOfEveryPartitionHoldAndNameTheirHeads() {
    ChainVerification.Result result = verify(Topics.UNPREFIXED.decisions(), Topics.UNPREFIXED.remediationResults());

    assertThat(result.breaks()).isEmpty();
    assertThat(result.partitions()).hasSize(6).allSatisfy(partition -> {
      assertThat(partition.records()).as("records on %s-%d", partition.topic(), partition.partition()).isPositive();
      assertThat(partition.head()).isPresent();
      assertThat(partition.unchained()).isZero();
    });
  }

  @Test
  void settledAndRemediationDecisionsShareTheChainOfEachPartition() {
    Map<Integer, Set<Outcome>> outcomes = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records(Topics.UNPREFIXED.decisions())) {
      outcomes.computeIfAbsent(record.partition(), partition -> new HashSet<>()).add(
          AvroSerde.of(Decision.class).deserializer().deserialize(Topics.UNPREFIXED.decisions(), record.value()).getOutcome());
    }

    assertThat(outcomes.values()).filteredOn(seen -> seen.containsAll(Set.of(Outcome.REMEDIATE, Outcome.DISABLED)))
        .as("partitions holding decisions of both paths, of %s", outcomes).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void remediationDecisionsComeBackThroughATopicWithAsManyPartitionsAsTheDecisions() throws Exception {
    String returning = run.config().kafka().applicationId() + "-breaker-decisions-repartition";
    try (Admin admin = Admin.create(client)) {
      assertThat(admin.describeTopics(List.of(returning)).allTopicNames().get().get(returning).partitions())
          .hasSize(3);
    }
  }

  @Test
  void aRestartedExecutorContinuesTheResultChainsFromTheTopic() {
    assertThat(resultsAfterRestart).isNotEmpty().allSatisfy(result ->
        assertThat(result.getPreviousHash()).as("result of %s", result.getResource().getId()).isNotNull());
  }

  @Test
  void theAuditTrailIsCreatedToBeKeptForEverAndNothingElseIs() throws Exception {
    Map<String, String> retention = retentionOf(Topics.UNPREFIXED.all());

    assertThat(retention).allSatisfy((topic, value) -> assertThat(value).as(topic)
        .isEqualTo(Topics.UNPREFIXED.auditTrail().contains(topic) ? "-1" : "604800000"));
    assertThat(Topics.UNPREFIXED.auditTrail()).containsExactlyInAnyOrder(Topics.UNPREFIXED.findings(), Topics.UNPREFIXED.decisions(), Topics.UNPREFIXED.remediations(),
        Topics.UNPREFIXED.remediationsHeld(), Topics.UNPREFIXED.remediationResults());
  }

  static Map<String, String> retentionOf(List<String> topics) throws Exception {
    try (Admin admin = Admin.create(client)) {
      List<ConfigResource> resources = topics.stream()
          .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
      return admin.describeConfigs(resources).all().get().entrySet().stream().collect(Collectors.toMap(
          entry -> entry.getKey().name(), entry -> entry.getValue().get(TopicConfig.RETENTION_MS_CONFIG).value()));
    }
  }

  @Test
  void anAlteredDecisionIsReportedAtItsOffset() {
    List<byte[]> copy = richestDecisionsPartition();
    Decision original = AvroSerde.of(Decision.class).deserializer().deserialize(Topics.UNPREFIXED.decisions(), copy.get(2));
    copy.set(2, AvroSerde.of(Decision.class).serializer().serialize(Topics.UNPREFIXED.decisions(),
        Decision.newBuilder(original).setReason("nothing to see here").build()));

    assertThat(onlyBreakIn("tampered-altered", copy)).extracting(ChainBreak::kind, ChainBreak::offset)
        .containsExactly(Kind.ALTERED, 2L);
  }

  @Test
  void anInsertedDecisionIsReportedAtItsOffset() {
    List<byte[]> copy = richestDecisionsPartition();
    copy.add(3, copy.get(1));

    assertThat(onlyBreakIn("tampered-inserted", copy)).extracting(ChainBreak::kind, ChainBreak::offset)
        .containsExactly(Kind.INSERTED, 3L);
  }

  @Test
  void aRemovedDecisionIsReportedWhereItIsMissing() {
    List<byte[]> copy = richestDecisionsPartition();
    copy.remove(2);

    assertThat(onlyBreakIn("tampered-removed", copy)).extracting(ChainBreak::kind, ChainBreak::offset)
        .containsExactly(Kind.REMOVED, 2L);
  }

  @Test
  void reorderedDecisionsAreReportedAtTheFirstOutOfPlace() {
    List<byte[]> copy = richestDecisionsPartition();
    Collections.swap(copy, 2, 3);

    assertThat(onlyBreakIn("tampered-reordered", copy)).extracting(ChainBreak::kind, ChainBreak::offset)
        .containsExactly(Kind.REORDERED, 2L);
  }

  @Test
  void aResultRemovedFromItsChainIsReported() {
    Map<Integer, List<byte[]>> byPartition = byPartition(Topics.UNPREFIXED.remediationResults());
    List<byte[]> copy = byPartition.values().stream().max((a, b) -> a.size() - b.size()).orElseThrow();
    assertThat(copy).hasSizeGreaterThan(2);
    copy.remove(1);

    assertThat(onlyBreakIn("tampered-results", copy)).extracting(ChainBreak::kind, ChainBreak::offset)
        .containsExactly(Kind.REMOVED, 1L);
  }

  private static ChainVerification.Result verify(String... topics) {
    return ChainVerification.verify(client, List.of(topics), (read, total) -> { });
  }

  /** Writes the records to a new one-partition topic, in order from offset 0, and checks its chain. */
  private static ChainBreak onlyBreakIn(String topic, List<byte[]> values) {
    try (Admin admin = Admin.create(client);
         KafkaProducer<byte[], byte[]> producer =
             new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot write " + topic, e);
    }
    ChainVerification.Result result = verify(topic);
    assertThat(result.breaks()).hasSize(1);
    return result.breaks().get(0);
  }

  private static List<byte[]> richestDecisionsPartition() {
    List<byte[]> copy = byPartition(Topics.UNPREFIXED.decisions()).values().stream()
        .max((a, b) -> a.size() - b.size()).orElseThrow();
    assertThat(copy).hasSizeGreaterThan(5);
    return copy;
  }

  private static Map<Integer, List<byte[]>> byPartition(String topic) {
    return records(topic).stream().collect(Collectors.groupingBy(ConsumerRecord::partition,
        Collectors.mapping(ConsumerRecord::value, Collectors.toCollection(ArrayList::new))));
  }

  /** Every committed record of the topic, each partition in offset order. */
  private static List<ConsumerRecord<String, byte[]>> records(String topic) {
    Properties properties = new Properties();
    properties.putAll(client);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 30_000;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
          && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
