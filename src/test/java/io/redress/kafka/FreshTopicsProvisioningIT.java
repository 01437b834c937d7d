package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * A first start on a fresh cluster: the provisioner creates the topics and describes them at once, before the
 * broker may know them. One round rarely shows the race, so this repeats it.
 *
 * <p>It runs on the shared broker, which the other integration tests use after it in the same JVM: it deletes the
 * Redress topics only inside the test and leaves them provisioned, with the partitions the other tests ask for.
 */
class FreshTopicsProvisioningIT {

  private static final int ROUNDS = 10;
  private static final int PARTITIONS = 3;
  private static final Duration DELETION_PATIENCE = Duration.ofSeconds(30);

  @Test
  void provisioningTopicsThatWereJustCreatedSucceedsEveryTimeAndLeavesThemUsable() throws Exception {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers()))) {
      for (int round = 1; round <= ROUNDS; round++) {
        deleteRedressTopics(admin);

        List<String> created = new TopicProvisioner(admin, Topics.UNPREFIXED, PARTITIONS, (short) 1).provision();

        assertThat(created).as("round %d", round).containsExactlyInAnyOrderElementsOf(Topics.UNPREFIXED.all());
        Map<String, TopicDescription> topics = admin.describeTopics(Topics.UNPREFIXED.all()).allTopicNames().get();
        assertThat(topics.values()).as("round %d", round)
            .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(PARTITIONS));
      }
    }
  }

  /** Deletion completes on the controller first; waits until the broker no longer lists the topics either. */
  private static void deleteRedressTopics(Admin admin) throws Exception {
    Set<String> existing = admin.listTopics().names().get();
    admin.deleteTopics(Topics.UNPREFIXED.all().stream().filter(existing::contains).toList()).all().get();
    long deadline = System.nanoTime() + DELETION_PATIENCE.toNanos();
    while (admin.listTopics().names().get().stream().anyMatch(Topics.UNPREFIXED.all()::contains)) {
      assertThat(System.nanoTime()).as("Redress topics still listed after deletion").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
