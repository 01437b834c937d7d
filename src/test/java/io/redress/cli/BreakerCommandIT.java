package io.redress.cli;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.Decision;
import io.redress.contract.HeldResolution;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resolution;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.ExecutorRole;
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
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breaker's full cycle on a real broker, with the topology and an executor running and the commands typed as
 * a person would: a flood trips the account breaker, the rest is held, approving a held command is refused, one
 * held command is discarded, a release of the scope is refused because the flood went on after the operator looked,
 * the scope is released twice as it was shown, and every command is executed exactly once (the discarded one never;
 * one whose resource was excepted while it was held is stopped by the executor's own look). The command line finds
 * the broker from the data directory alone, as it finds the one a `./redress run` started.
 */
class BreakerCommandIT {

  private static final String ACCOUNT = "123456789012";
  private static final String SCOPE = "account:" + ACCOUNT;
  private static final int THRESHOLD = 3;
  private static final int FLOOD = 8;
  /** Findings of the flood that arrive after the operator looked at the breaker. */
  private static final int LATE = 2;

  @Test
  void aFloodIsHeldAndEachHeldCommandRunsOnceHoweverOftenItIsReleased(@TempDir Path dataDir, @TempDir Path stateDir)
      throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir.resolve("broker"))) {
      RedressConfig config = ConfigLoader.fromYaml("""
          controls: {S3.8: {mode: auto}}
          breaker: {thresholds: {global: 100, account: %d, control: 100}}
          """.formatted(THRESHOLD), Map.of()).withBootstrapServers(broker.bootstrapServers());
      Properties client = config.kafka().clientProperties();
      try (Admin admin = Admin.create(client)) {
        new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
      }
      String cluster = "--data-dir=" + dataDir;
      ExecutorRole executor = new ExecutorRole(config.kafka(), config, RemediationCatalogue.discover(), Optional.empty());
      Thread executing = new Thread(executor, "executor-under-test");
      try (StreamsRole streams = new StreamsRole(config, RemediationCatalogue.discover(), stateDir, () -> true,
          reason -> { });
          KafkaProducer<String, byte[]> producer =
              new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
        // Before the topology starts, so that its global store of exceptions holds it from the first finding on.
        except("arn:aws:s3:::excepted-bucket", cluster);
        streams.start();
        executing.start();
        assertThat(streams.awaitRunning(Duration.ofSeconds(90))).isTrue();
        String exceptedEvent = SecurityHubEvents.publicBucket(ACCOUNT, "excepted-bucket", Instant.now());
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), "excepted", exceptedEvent.getBytes(StandardCharsets.UTF_8)))
            .get();
        flood(producer, 0, FLOOD);
        List<Decision> decisions = readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class, FLOOD + 1);
        assertThat(decisions).filteredOn(d -> d.getOutcome() == Outcome.HELD).hasSize(FLOOD - THRESHOLD);
        assertThat(decisions).filteredOn(d -> d.getOutcome() == Outcome.EXCEPTED).hasSize(1);
        Cli.Run usage = Cli.redress("exceptions", "usage", "resource=arn:aws:s3:::excepted-bucket;control=S3.8", cluster);
        assertThat(usage.out()).contains("arn:aws:s3:::excepted-bucket").contains("1 finding suppressed");
        Cli.Run usageInLowerCase = Cli.redress("exceptions", "usage", "resource=arn:aws:s3:::excepted-bucket;control=s3.8",
            cluster);
        assertThat(usageInLowerCase.out()).as("control ids have no case").contains("1 finding suppressed");
        Cli.Run shownInLowerCase = Cli.redress("exceptions", "show", "resource=arn:aws:s3:::excepted-bucket;control=s3.8",
            cluster);
        assertThat(shownInLowerCase.out()).contains("scope:      control=S3.8;resource=arn:aws:s3:::excepted-bucket");
        List<RemediationCommand> held = readExactly(client, Topics.UNPREFIXED.remediationsHeld(), RemediationCommand.class,
            FLOOD - THRESHOLD);

        Cli.Run status = Cli.redress("breaker", "status", cluster);
        assertThat(status.status()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern(SCOPE + "\\s+OPEN\\s+" + (THRESHOLD + 1) + "/" + THRESHOLD
            + "\\s+" + (FLOOD - THRESHOLD));

        String discarded = held.get(0).getCommandId();
        Cli.Run approved = Cli.redress("approvals", "approve", "--command", discarded, "--by", "mallory", cluster);
        assertThat(approved.status()).as(approved.out()).isEqualTo(2);
        assertThat(approved.err()).contains("redress: command: '" + discarded + "' was held by the breaker (" + SCOPE
            + "), not for approval: ./redress breaker release|discard --command " + discarded);
        // An exception approved while a command is held stops it when it is released: the executor looks again.
        RemediationCommand exceptedLater = held.get(1);
        except(exceptedLater.getResource().getId(), cluster);
        Cli.Run discard = Cli.redress("breaker", "discard", "--command", discarded, "--by", "bob",
            "--reason", "the flood was a test stack", cluster);
        assertThat(discard.status()).as(discard.err()).isZero();
        // The open breaker holds the rest of the flood after the operator looked: the release of what they saw is
        // refused, and nothing of it is written.
        flood(producer, FLOOD, LATE);
        int pending = FLOOD - THRESHOLD - 1 + LATE;
        readExactly(client, Topics.UNPREFIXED.remediationsHeld(), RemediationCommand.class, FLOOD - THRESHOLD + LATE);
        Cli.Run unseen = Cli.redress("breaker", "release", "--scope", SCOPE, "--expect",
            String.valueOf(FLOOD - THRESHOLD - 1), "--by", "alice", cluster);
        assertThat(unseen.status()).as(unseen.out()).isEqualTo(2);
        assertThat(unseen.err()).contains("redress: expect: " + pending + " commands are held now, not the "
            + (FLOOD - THRESHOLD - 1) + " expected").contains("Nothing was decided.");
        assertThat(Cli.redress("breaker", "status", cluster).out()).containsPattern(SCOPE + "\\s+OPEN\\s+\\S+\\s+"
            + pending + "\\s");

        Cli.Run release = Cli.redress("breaker", "release", "--scope", SCOPE, "--expect", String.valueOf(pending),
            "--by", "alice", cluster);
        assertThat(release.status()).as(release.err()).isZero();
        assertThat(release.out()).contains("Released " + pending + " commands");
        Cli.Run again = Cli.redress("breaker", "release", "--scope", SCOPE, "--expect", String.valueOf(pending),
            "--by", "carol", cluster);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("Released 0 commands")
            .contains((FLOOD - THRESHOLD + LATE) + " already decided");

        List<RemediationResult> results = readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class,
            FLOOD + LATE - 1);
        Map<String, Long> runsPerCommand = results.stream()
            .collect(Collectors.groupingBy(RemediationResult::getCommandId, Collectors.counting()));
        assertThat(runsPerCommand).hasSize(FLOOD + LATE - 1).doesNotContainKey(discarded).allSatisfy((id, runs) ->
            assertThat(runs).as(id).isEqualTo(1));
        assertThat(results).allSatisfy(result -> assertThat(result.getStatus()).isEqualTo(
            result.getCommandId().equals(exceptedLater.getCommandId())
                ? RemediationStatus.EXCEPTED : RemediationStatus.DRY_RUN));
        assertThat(readExactly(client, Topics.UNPREFIXED.remediations(), RemediationCommand.class, FLOOD + LATE - 1))
            .filteredOn(command -> command.getReleasedBy() != null)
            .hasSize(pending)
            .allSatisfy(command -> {
              assertThat(command.getReleasedBy()).isEqualTo("alice");
              assertThat(command.getHeldBy()).isNull();
            });
        Map<String, HeldResolution> ledger = readExactly(client, Topics.UNPREFIXED.heldResolutions(), HeldResolution.class,
            FLOOD - THRESHOLD + LATE).stream().collect(Collectors.toMap(HeldResolution::getCommandId, Function.identity()));
        assertThat(ledger.get(discarded)).satisfies(resolution -> {
          assertThat(resolution.getResolution()).isEqualTo(Resolution.DISCARDED);
          assertThat(resolution.getBy()).isEqualTo("bob");
          assertThat(resolution.getReason()).isEqualTo("the flood was a test stack");
          assertThat(resolution.getHeldBy()).isEqualTo(SCOPE);
        });

        Cli.Run after = Cli.redress("breaker", "status", cluster);
        assertThat(after.out()).containsPattern(SCOPE + "\\s+OPEN\\s+\\S+\\s+0\\s")
            .contains("0 held commands pending; " + (FLOOD - THRESHOLD + LATE) + " released or discarded.");
      } finally {
        executor.close();
        executing.join();
      }
    }
  }

  /** {@code count} findings of public buckets in the account, numbered from {@code first}. */
  private static void flood(KafkaProducer<String, byte[]> producer, int first, int count) throws Exception {
    for (int i = first; i < first + count; i++) {
      String event = SecurityHubEvents.publicBucket(ACCOUNT, "flood-" + i, Instant.now());
      producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), "event-" + i,
          event.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  private static void except(String bucketArn, String cluster) {
    Cli.Run add = Cli.redress("exceptions", "add", "--scope", "control=S3.8;resource=" + bucketArn,
        "--reason", "accepted for the test", "--approver", "ciso@example.com", "--expires", "1d", cluster);
    assertThat(add.status()).as(add.err()).isZero();
  }
}
