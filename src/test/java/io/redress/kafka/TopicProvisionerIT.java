package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.testing.TestBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
    new TopicProvisioner(admin, 3, (short) 1).provision();

    Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get();
    assertThat(topics).containsOnlyKeys(Topics.ALL);
    assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
    Map<String, String> policies = cleanupPolicies();
    assertThat(policies).allSatisfy((topic, policy) -> assertThat(policy)
        .isEqualTo(Topics.COMPACTED.contains(topic) ? "compact" : "delete"));
  }

  @Test
  void provisioningAgainCreatesNothingAndSucceeds() throws Exception {
    TopicProvisioner provisioner = new TopicProvisioner(admin, 3, (short) 1);
    provisioner.provision();

    List<String> createdTheSecondTime = provisioner.provision();

    assertThat(createdTheSecondTime).isEmpty();
    assertThat(admin.listTopics().names().get()).containsAll(Topics.ALL);
  }

  @Test
  void refusesAnExceptionsTopicThatIsNotCompacted(@TempDir Path otherDataDir) throws Exception {
    try (EmbeddedBroker other = EmbeddedBroker.start(TestBroker.classpathFile(), otherDataDir);
         Admin otherAdmin = adminFor(other)) {
      otherAdmin.createTopics(List.of(new NewTopic(Topics.EXCEPTIONS, 1, (short) 1))).all().get();

      assertThatThrownBy(() -> new TopicProvisioner(otherAdmin, 3, (short) 1).provision())
          .isInstanceOf(KafkaSetupException.class)
          .hasMessageContaining(Topics.EXCEPTIONS)
          .hasMessageContaining("cleanup.policy=delete")
          .hasMessageContaining("must be compact");
    }
  }

  @Test
  void onAConfiguredClusterTopicsTakeTheClusterDefaults(@TempDir Path otherDataDir) throws Exception {
    try (EmbeddedBroker other = EmbeddedBroker.start(TestBroker.classpathFile(), otherDataDir);
         Admin otherAdmin = adminFor(other)) {
      new TopicProvisioner(otherAdmin).provision();

      Map<String, TopicDescription> topics = otherAdmin.describeTopics(Topics.ALL).allTopicNames().get();
      // The embedded broker keeps Kafka's default num.partitions of 1.
      assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(1));
    }
  }

  private static Map<String, String> cleanupPolicies() throws Exception {
    List<ConfigResource> resources = Topics.ALL.stream()
        .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
        .toList();
    return admin.describeConfigs(resources).all().get().entrySet().stream()
        .collect(Collectors.toMap(entry -> entry.getKey().name(),
            entry -> entry.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
  }

  private static Admin adminFor(EmbeddedBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}
