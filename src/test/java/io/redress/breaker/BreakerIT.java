package io.redress.breaker;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.Notification;
import io.redress.contract.NotificationKind;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.SecurityHubEvents;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breaker on a real broker with findings spread over several partitions: its global count is exact across
 * them, because every remediation reaches it through one partition.
 */
class BreakerIT {

  private static final int GLOBAL_THRESHOLD = 4;
  private static final int BUCKETS = 10;

  @Test
  void theGlobalThresholdHoldsAcrossPartitionsAndNothingIsDropped(@TempDir Path brokerDir, @TempDir Path stateDir)
      throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      RedressConfig config = ConfigLoader.fromYaml("""
          controls: {S3.8: {mode: auto}}
          breaker: {thresholds: {global: %d, account: 100, control: 100}}
          """.formatted(GLOBAL_THRESHOLD), Map.of()).withBootstrapServers(broker.bootstrapServers());
      Properties client = config.kafka().clientProperties();
      try (Admin admin = Admin.create(client)) {
        new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
      }
      try (StreamsRole streams = new StreamsRole(config, RemediationCatalogue.discover(), stateDir, () -> true,
          reason -> { });
          KafkaProducer<String, byte[]> producer =
              new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
        streams.start();
        assertThat(streams.awaitRunning(Duration.ofSeconds(90))).isTrue();
        for (int i = 0; i < BUCKETS; i++) {
          String event = SecurityHubEvents.publicBucket("123456789012", "spike-" + i, Instant.now());
          producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), "event-" + i,
              event.getBytes(StandardCharsets.UTF_8))).get();
        }

        List<Decision> decisions = readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class, BUCKETS);
        assertThat(decisions).filteredOn(d -> d.getOutcome() == Outcome.REMEDIATE).hasSize(GLOBAL_THRESHOLD);
        assertThat(decisions).filteredOn(d -> d.getOutcome() == Outcome.HELD).hasSize(BUCKETS - GLOBAL_THRESHOLD)
            .allSatisfy(d -> assertThat(d.getBreakerScope()).isEqualTo("global"));
        readExactly(client, Topics.UNPREFIXED.remediations(), RemediationCommand.class, GLOBAL_THRESHOLD);
        assertThat(readExactly(client, Topics.UNPREFIXED.remediationsHeld(), RemediationCommand.class, BUCKETS - GLOBAL_THRESHOLD))
            .allSatisfy(command -> assertThat(command.getHeldBy()).isEqualTo("global"));
        BreakerState opened = readExactly(client, Topics.UNPREFIXED.breaker(), BreakerState.class, 1).get(0);
        assertThat(opened.getStatus()).isEqualTo(BreakerStatus.OPEN);
        assertThat(opened.getCount()).isEqualTo(GLOBAL_THRESHOLD + 1);
        // One alert, and one lesson per held command (the admitted commands are taught after their results).
        List<Notification> notifications =
            readExactly(client, Topics.UNPREFIXED.notifications(), Notification.class, BUCKETS - GLOBAL_THRESHOLD + 1);
        assertThat(notifications).filteredOn(n -> n.getKind() == NotificationKind.BREAKER_TRIPPED).hasSize(1);
        assertThat(notifications).filteredOn(n -> n.getKind() == NotificationKind.LESSON)
            .hasSize(BUCKETS - GLOBAL_THRESHOLD)
            .allSatisfy(lesson -> assertThat(lesson.getDecision().getOutcome()).isEqualTo(Outcome.HELD));
      }
    }
  }
}
