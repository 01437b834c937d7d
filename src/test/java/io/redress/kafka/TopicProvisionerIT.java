package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.Topics;
import io.redress.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on brokers of its own: the shared one may already hold Redress topics that other tests provisioned. */
class TopicProvisionerIT {
  private static EmbeddedBroker broker;
  private static Admin admin;

  @BeforeAll
  static void startFreshBroker(@TempDir Path dataDir) {
    broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir);
    admin = adminFor(broker);
  }

  @AfterAll
  static void stopBroker() {
    admin.close();
    broker.close();
  }

  @Test
  void createsEveryTopicWithTheChosenPartitionsAndTheStateTopicsCompacted() throws Exception {
    new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();

    Map<String, TopicDescription> topics = admin.describeTopics(Topics.UNPREFIXED.all()).allTopicNames().get();
    assertThat(topics).containsOnlyKeys(Topics.UNPREFIXED.all());
    assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
    Map<String, String> policies = cleanupPolicies();
    assertThat(policies).allSatisfy((topic, policy) -> assertThat(policy)
        .isEqualTo(Topics.UNPREFIXED.compacted().contains(topic) ? "compact" : "delete"));
  }

  @Test
  void createsTheFindingsTopicsWithTimestampsTheBrokerStamps() throws Exception {
    new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();

    Map<String, String> timestampTypes = configValues(Topics.UNPREFIXED.all(), TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
    assertThat(timestampTypes).allSatisfy((topic, type) -> assertThat(type)
        .isEqualTo(Topics.UNPREFIXED.brokerStamped().contains(topic) ? "LogAppendTime" : "CreateTime"));
    assertThat(Topics.UNPREFIXED.brokerStamped())
        .containsExactlyInAnyOrder(Topics.UNPREFIXED.findingsRaw(), Topics.UNPREFIXED.findings(),
            Topics.UNPREFIXED.lessonsAddressed(), Topics.UNPREFIXED.exceptions());
  }

  @Test
  void aRawFindingOrAnExceptionKeepsTheTimeItEnteredKafkaNotTheTimeItsProducerClaims() throws Exception {
    new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    long claimed = Instant.parse("+99999-01-01T00:00:00Z").toEpochMilli();
    long backdated = Instant.now().minus(Duration.ofDays(60)).toEpochMilli();

    for (String topic : List.of(Topics.UNPREFIXED.findingsRaw(), Topics.UNPREFIXED.exceptions())) {
      long before = System.currentTimeMillis();
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
          new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(topic, 0, claimed, "forged-time", "{}")).get();
        producer.send(new ProducerRecord<>(topic, 0, backdated, "backdated", "{}")).get();
      }
      List<ConsumerRecord<String, String>> read = List.of(readBack(topic, 0, "forged-time"),
          readBack(topic, 0, "backdated"));
      long after = System.currentTimeMillis();

      assertThat(read).as(topic).allSatisfy(record -> {
        assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(record.timestamp()).isBetween(before, after);
      });
    }
  }

  @Test
  void provisioningAgainCreatesNothingAndSucceeds() throws Exception {
    TopicProvisioner provisioner = new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1);
    provisioner.provision();

    List<String> createdTheSecondTime = provisioner.provision();

    assertThat(createdTheSecondTime).isEmpty();
    assertThat(admin.listTopics().names().get()).containsAll(Topics.UNPREFIXED.all());
  }

  @Test
  void refusesDecisionsAndResultsWithDifferentPartitionCountsSoNoLessonIsSilentlyLost(@TempDir Path otherDataDir)
      throws Exception {
    try (EmbeddedBroker other = EmbeddedBroker.start(TestBroker.classpathFile(), otherDataDir);
         Admin otherAdmin = adminFor(other)) {
      otherAdmin.createTopics(List.of(new NewTopic(Topics.UNPREFIXED.decisions(), 2, (short) 1))).all().get();

      assertThatThrownBy(() -> new TopicProvisioner(otherAdmin, Topics.UNPREFIXED, 3, (short) 1).provision())
          .isInstanceOf(KafkaSetupException.class)
          .hasMessageContaining(Topics.UNPREFIXED.decisions() + " (2 partitions) and " + Topics.UNPREFIXED.remediationResults()
              + " (3 partitions) must have the same number of partitions")
          .hasMessageContaining("kafka-topics.sh --alter --topic " + Topics.UNPREFIXED.decisions() + " --partitions 3");
    }
  }

  @Test
  void refusesFindingsAndDecisionsThenCommandsAndResultsOfDifferentPartitionCountsUntilEachIsAlteredAsAdvised(
      @TempDir Path otherDataDir) throws Exception {
    try (EmbeddedBroker other = EmbeddedBroker.start(TestBroker.classpathFile(), otherDataDir);
         Admin otherAdmin = adminFor(other)) {
      otherAdmin.createTopics(List.of(new NewTopic(Topics.UNPREFIXED.findings(), 2, (short) 1)
              .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")),
          new NewTopic(Topics.UNPREFIXED.remediations(), 2, (short) 1))).all().get();
      TopicProvisioner provisioner = new TopicProvisioner(otherAdmin, Topics.UNPREFIXED, 3, (short) 1);

      assertThatThrownBy(provisioner::provision).isInstanceOf(KafkaSetupException.class)
          .hasMessageContaining(Topics.UNPREFIXED.findings() + " (2 partitions) and " + Topics.UNPREFIXED.decisions()
              + " (3 partitions) must have the same number of partitions")
          .hasMessageContaining("kafka-topics.sh --alter --topic " + Topics.UNPREFIXED.findings() + " --partitions 3");
      growTo(otherAdmin, Topics.UNPREFIXED.findings(), 3);
      assertThatThrownBy(provisioner::provision).isInstanceOf(KafkaSetupException.class)
          .hasMessageContaining(Topics.UNPREFIXED.remediations() + " (2 partitions) and " + Topics.UNPREFIXED.remediationResults()
              + " (3 partitions) must have the same number of partitions")
          .hasMessageContaining("kafka-topics.sh --alter --topic " + Topics.UNPREFIXED.remediations() + " --partitions 3");
      growTo(otherAdmin, Topics.UNPREFIXED.remediations(), 3);
      assertThat(provisioner.provision()).isEmpty();
    }
  }

  @Test
  void refusesAnExceptionsTopicThatIsNotCompacted(@TempDir Path otherDataDir) throws Exception {
    try (EmbeddedBroker other = EmbeddedBroker.start(TestBroker.classpathFile(), otherDataDir);
         Admin otherAdmin = adminFor(other)) {
      otherAdmin.createTopics(List.of(new NewTopic(Topics.UNPREFIXED.exceptions(), 1, (short) 1))).all().get();

      assertThatThrownBy(() -> new TopicProvisioner(otherAdmin, Topics.UNPREFIXED, 3, (short) 1).provision())
          .isInstanceOf(KafkaSetupException.class)
          .hasMessageContaining(Topics.UNPREFIXED.exceptions())
          .hasMessageContaining("cleanup.policy=delete")
          .hasMessageContaining("must be compact");
    }
  }

  @Test
  void refusesARawFindingsTopicWhoseRecordsCarryTheTimeTheirProducerClaims(@TempDir Path otherDataDir)
      throws Exception {
    try (EmbeddedBroker other = EmbeddedBroker.start(TestBroker.classpathFile(), otherDataDir);
         Admin otherAdmin = adminFor(other)) {
      otherAdmin.createTopics(List.of(new NewTopic(Topics.UNPREFIXED.findingsRaw(), 1, (short) 1))).all().get();

      assertThatThrownBy(() -> new TopicProvisioner(otherAdmin, Topics.UNPREFIXED, 3, (short) 1).provision())
          .isInstanceOf(KafkaSetupException.class)
          .hasMessageContaining("Topic " + Topics.UNPREFIXED.findingsRaw() + " exists with message.timestamp.type=CreateTime")
          .hasMessageContaining("must be LogAppendTime")
          .hasMessageContaining("year 99999")
          .hasMessageContaining("kafka-configs.sh --alter --entity-type topics --entity-name " + Topics.UNPREFIXED.findingsRaw()
              + " --add-config message.timestamp.type=LogAppendTime");
    }
  }

  @Test
  void onItsOwnBrokerRedressSwitchesFindingsTopicsOfAnEarlierVersionToBrokerTime(@TempDir Path otherDataDir)
      throws Exception {
    try (EmbeddedBroker other = EmbeddedBroker.start(TestBroker.classpathFile(), otherDataDir);
         Admin otherAdmin = adminFor(other)) {
      otherAdmin.createTopics(List.of(new NewTopic(Topics.UNPREFIXED.findingsRaw(), 1, (short) 1))).all().get();
      TopicProvisioner provisioner = new TopicProvisioner(otherAdmin, Topics.UNPREFIXED, 3, (short) 1);

      provisioner.stampExistingFindingsTopicsOfOwnBroker();
      provisioner.provision();

      ConfigResource raw = new ConfigResource(ConfigResource.Type.TOPIC, Topics.UNPREFIXED.findingsRaw());
      assertThat(otherAdmin.describeConfigs(List.of(raw)).all().get().get(raw)
          .get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
    }
  }

  @Test
  void onAConfiguredClusterTopicsTakeTheConfiguredPartitionsAndTheClusterReplication(@TempDir Path otherDataDir)
      throws Exception {
    try (EmbeddedBroker other = EmbeddedBroker.start(TestBroker.classpathFile(), otherDataDir);
         Admin otherAdmin = adminFor(other)) {
      new TopicProvisioner(otherAdmin, Topics.UNPREFIXED, 5).provision();

      Map<String, TopicDescription> topics = otherAdmin.describeTopics(Topics.UNPREFIXED.all()).allTopicNames().get();
      assertThat(topics.values()).allSatisfy(topic -> {
        assertThat(topic.partitions()).hasSize(5);
        assertThat(topic.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
      });
    }
  }

  /** Adds partitions as the refusal advises, and waits until the cluster describes the topic with them. */
  private static void growTo(Admin admin, String topic, int partitions) throws Exception {
    admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get();
    long deadline = System.currentTimeMillis() + 30_000;
    while (admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size() < partitions) {
      assertThat(System.currentTimeMillis()).as("%s shown with %d partitions", topic, partitions).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static Map<String, String> cleanupPolicies() throws Exception {
    return configValues(Topics.UNPREFIXED.all(), TopicConfig.CLEANUP_POLICY_CONFIG);
  }

  private static Map<String, String> configValues(List<String> topics, String name) throws Exception {
    List<ConfigResource> resources = topics.stream()
        .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
        .toList();
    return admin.describeConfigs(resources).all().get().entrySet().stream()
        .collect(Collectors.toMap(entry -> entry.getKey().name(), entry -> entry.getValue().get(name).value()));
  }

  /** The record with this key in one partition, read from the start of that partition. */
  private static ConsumerRecord<String, String> readBack(String topic, int partition, String key) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringDeserializer(), new StringDeserializer())) {
      TopicPartition assigned = new TopicPartition(topic, partition);
      consumer.assign(List.of(assigned));
      consumer.seekToBeginning(List.of(assigned));
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(record.key())) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no record with key " + key + " on " + topic + "-" + partition);
  }

  private static Admin adminFor(EmbeddedBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}
