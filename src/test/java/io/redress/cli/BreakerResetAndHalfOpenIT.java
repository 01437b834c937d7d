package io.redress.cli;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
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
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open breaker leaves its open state on a real broker, with the topology running: through a person's reset typed
 * as on the command line, and through a half-open trial timed by the broker's clock.
 */
class BreakerResetAndHalfOpenIT {

  private static final String ACCOUNT = "123456789012";
  private static final String SCOPE = "account:" + ACCOUNT;
  private static final int THRESHOLD = 2;

  @Test
  void aResetClosesTheOpenScopeAndTheNextCommandIsAdmitted(@TempDir Path dataDir, @TempDir Path stateDir)
      throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir.resolve("broker"))) {
      RedressConfig config = config(broker, "");
      Properties client = config.kafka().clientProperties();
      try (StreamsRole streams = running(config, stateDir);
          KafkaProducer<String, byte[]> producer = producer(client)) {
        flood(producer, "flood", THRESHOLD + 1);
        readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class, d -> d.getOutcome() == Outcome.HELD, 1);
        String cluster = "--data-dir=" + dataDir;

        Cli.Run reset = Cli.redress("breaker", "reset", SCOPE, "--by", "alice", "--reason", "the flood was a test",
            cluster);
        assertThat(reset.status()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("Reset " + SCOPE + ": closed at").contains("by alice");
        Cli.Run status = Cli.redress("breaker", "status", cluster);
        assertThat(status.out()).containsPattern(SCOPE + "\\s+CLOSED\\s.*\\(reset by alice\\)");
        Cli.Run again = Cli.redress("breaker", "reset", SCOPE, "--by", "alice", "--reason", "twice", cluster);
        assertThat(again.out()).contains(SCOPE + " is not open");

        flood(producer, "after-reset", 1);
        assertThat(readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class, THRESHOLD + 2))
            .filteredOn(d -> d.getFinding().getResource().getId().equals("arn:aws:s3:::after-reset-0"))
            .extracting(Decision::getOutcome).containsExactly(Outcome.REMEDIATE);
        assertThat(readExactly(client, Topics.UNPREFIXED.breaker(), BreakerState.class, 2)).last().satisfies(closed -> {
          assertThat(closed.getStatus()).isEqualTo(BreakerStatus.CLOSED);
          assertThat(closed.getResetBy()).isEqualTo("alice");
          assertThat(closed.getReason()).contains("the flood was a test");
        });
      }
    }
  }

  @Test
  void anOpenScopeHalfOpensAdmitsItsTrickleAndClosesWhenTheTrialPasses(@TempDir Path dataDir, @TempDir Path stateDir)
      throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir.resolve("broker"))) {
      RedressConfig config = config(broker, "window: PT10S, half-open-after: PT3S, half-open-trickle: 1,");
      Properties client = config.kafka().clientProperties();
      try (StreamsRole streams = running(config, stateDir);
          KafkaProducer<String, byte[]> producer = producer(client)) {
        flood(producer, "flood", THRESHOLD + 1);
        BreakerState opened = readExactly(client, Topics.UNPREFIXED.breaker(), BreakerState.class, 1).get(0);
        assertThat(opened.getStatus()).isEqualTo(BreakerStatus.OPEN);

        // Record times are the broker's: the cool-down passes only as its clock moves.
        waitUntil(opened.getReopensAt());
        flood(producer, "trickle", 1);
        readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class, THRESHOLD + 2);
        flood(producer, "past-trickle", 1);
        List<BreakerState> trial = readExactly(client, Topics.UNPREFIXED.breaker(), BreakerState.class, 4);
        assertThat(trial.get(1).getHalfOpenSince()).isNotNull();
        waitUntil(trial.get(3).getReopensAt());
        flood(producer, "after-trial", 1);

        // Decisions of different buckets lie on different partitions: read by bucket, not in order.
        Map<String, Outcome> outcomes = readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class, THRESHOLD + 4).stream()
            .collect(Collectors.toMap(d -> d.getFinding().getResource().getId(), Decision::getOutcome));
        assertThat(outcomes).containsEntry("arn:aws:s3:::trickle-0", Outcome.REMEDIATE)
            .containsEntry("arn:aws:s3:::past-trickle-0", Outcome.HELD)
            .containsEntry("arn:aws:s3:::after-trial-0", Outcome.REMEDIATE);
        assertThat(readExactly(client, Topics.UNPREFIXED.breaker(), BreakerState.class, 5)).extracting(BreakerState::getStatus)
            .containsExactly(BreakerStatus.OPEN, BreakerStatus.OPEN, BreakerStatus.OPEN, BreakerStatus.OPEN,
                BreakerStatus.CLOSED);
      }
    }
  }

  private static RedressConfig config(EmbeddedBroker broker, String breaker) throws Exception {
    RedressConfig config = ConfigLoader.fromYaml("""
        controls: {S3.8: {mode: auto}}
        breaker: {%s thresholds: {global: 100, account: %d, control: 100}}
        """.formatted(breaker, THRESHOLD), Map.of()).withBootstrapServers(broker.bootstrapServers());
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    return config;
  }

  private static StreamsRole running(RedressConfig config, Path stateDir) throws InterruptedException {
    StreamsRole streams = new StreamsRole(config, RemediationCatalogue.discover(), stateDir, () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(Duration.ofSeconds(90))).isTrue();
    return streams;
  }

  private static KafkaProducer<String, byte[]> producer(Properties client) {
    return new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer());
  }

  /** One public-bucket finding per bucket, in order, each on the findings topic before the next is sent. */
  private static void flood(KafkaProducer<String, byte[]> producer, String prefix, int buckets) throws Exception {
    for (int i = 0; i < buckets; i++) {
      String event = SecurityHubEvents.publicBucket(ACCOUNT, prefix + "-" + i, Instant.now());
      producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), prefix + "-" + i,
          event.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  private static void waitUntil(Instant instant) throws InterruptedException {
    long left = instant.toEpochMilli() - System.currentTimeMillis();
    if (left > 0) {
      Thread.sleep(left + 100);
    }
  }
}
