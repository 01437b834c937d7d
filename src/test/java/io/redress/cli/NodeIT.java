package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code redress run} against a cluster named in the configuration. */
class NodeIT {

  @Test
  void aConfiguredClusterIsUsedAsItIsAndNoBrokerIsStarted(@TempDir Path dataDir) throws Exception {
    RedressConfig config = ConfigLoader.defaults(Map.of(
        "REDRESS_KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
        "REDRESS_KAFKA_APPLICATION_ID", "redress-node-" + UUID.randomUUID(),
        "REDRESS_HTTP_PORT", "0"));

    // A broker classpath that does not exist: starting a broker would fail loudly.
    try (Node node = Node.connect(config, dataDir, dataDir.resolve("no-such-classpath.txt"))) {
      assertThat(node.broker()).isEmpty();
      node.start(EnumSet.allOf(Role.class), RemediationCatalogue.discover(), dataDir);

      assertThat(node.awaitRunning(Duration.ofSeconds(60))).isTrue();
      assertThat(node.health()).extracting(RoleHealth::role)
          .containsExactlyInAnyOrder("decision topology", "executor", "notifier", "http server");
      assertThat(node.health()).allSatisfy(role -> assertThat(role.healthy()).as(role.toString()).isTrue());
      assertThat(node.failure()).isNotDone();
      try (Admin admin = Admin.create(config.kafka().clientProperties())) {
        assertThat(admin.listTopics().names().get()).containsAll(Topics.UNPREFIXED.all());
      }
    }
    assertThat(dataDir.resolve("broker")).doesNotExist();
  }
}
