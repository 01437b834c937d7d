package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configured retention is what the audit trail's topics are created with; the rest keep the broker's. */
class AuditRetentionIT {

  @Test
  void theAuditTrailTopicsAreCreatedWithTheConfiguredRetention(@TempDir Path dataDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir);
         Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 1, (short) 1).keepingAuditTrail(Optional.of(Duration.ofDays(400))).provision();

      Map<String, Config> configs = admin.describeConfigs(Topics.UNPREFIXED.all().stream()
              .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).all().get()
          .entrySet().stream().collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue));

      assertThat(configs).allSatisfy((topic, config) -> {
        boolean audit = Topics.UNPREFIXED.auditTrail().contains(topic);
        assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).as(topic)
            .isEqualTo(audit ? Long.toString(Duration.ofDays(400).toMillis()) : "604800000");
        assertThat(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value()).as(topic).isEqualTo("-1");
      });
      assertThat(configs.keySet()).containsAll(List.of(Topics.UNPREFIXED.decisions(), Topics.UNPREFIXED.notifications()));
    }
  }
}
