package io.redress.cli;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.Decision;
import io.redress.contract.HeldResolution;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
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
 * A control in approval mode on a real broker, with the topology and an executor running and the approvals typed as
 * a person would: each finding's command waits, and the breaker's release and discard of one by its id are refused;
 * one is denied, recorded with who and why, and never executed; the other is approved twice and executed once,
 * carrying its approver.
 */
class ApprovalsIT {

  private static final String ACCOUNT = "123456789012";

  @Test
  void anApprovedCommandRunsOnceHoweverOftenItIsApprovedAndADeniedOneNever(@TempDir Path dataDir,
      @TempDir Path stateDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir.resolve("broker"))) {
      RedressConfig config = ConfigLoader.fromYaml("controls: {S3.8: {mode: approve}}", Map.of())
          .withBootstrapServers(broker.bootstrapServers());
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
        streams.start();
        executing.start();
        assertThat(streams.awaitRunning(Duration.ofSeconds(90))).isTrue();
        for (String bucket : List.of("approve-me", "deny-me")) {
          String event = SecurityHubEvents.publicBucket(ACCOUNT, bucket, Instant.now());
          producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), bucket, event.getBytes(StandardCharsets.UTF_8)))
              .get();
        }
        assertThat(readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class, 2)).allSatisfy(decision -> {
          assertThat(decision.getOutcome()).isEqualTo(Outcome.HELD);
          assertThat(decision.getApproval()).isEqualTo("approval:S3.8");
        });
        Map<String, RemediationCommand> held = readExactly(client, Topics.UNPREFIXED.remediationsHeld(), RemediationCommand.class, 2)
            .stream().collect(Collectors.toMap(command -> command.getResource().getId(), Function.identity()));
        String approved = held.get("arn:aws:s3:::approve-me").getCommandId();
        String denied = held.get("arn:aws:s3:::deny-me").getCommandId();

        Cli.Run list = Cli.redress("approvals", "list", cluster);
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains(approved).contains(denied).contains("2 commands await approval.");
        Cli.Run status = Cli.redress("breaker", "status", cluster);
        assertThat(status.out()).contains("2 commands await approval").doesNotContain("approval:S3.8");
        Cli.Run released = Cli.redress("breaker", "release", "--command", approved, "--by", "mallory", cluster);
        assertThat(released.status()).as(released.out()).isEqualTo(2);
        assertThat(released.err()).contains("redress: command: '" + approved + "' awaits approval")
            .contains("./redress approvals approve|deny --command " + approved).contains("Nothing was decided.");
        Cli.Run discarded = Cli.redress("breaker", "discard", "--command", denied, "--by", "mallory", cluster);
        assertThat(discarded.status()).as(discarded.out()).isEqualTo(2);
        assertThat(discarded.err()).contains("./redress approvals approve|deny --command " + denied);

        Cli.Run deny = Cli.redress("approvals", "deny", "--command", denied, "--by", "bob", "--reason",
            "the bucket hosts the public website", cluster);
        assertThat(deny.status()).as(deny.err()).isZero();
        assertThat(deny.out()).contains("Denied 1 command");
        Cli.Run unseen = Cli.redress("approvals", "approve", "--control", "S3.8", "--expect", "2", "--by", "alice",
            cluster);
        assertThat(unseen.status()).isEqualTo(2);
        assertThat(unseen.err()).contains("redress: expect: 1 command is held now, not the 2 expected")
            .contains("Nothing was decided.");
        Cli.Run approve = Cli.redress("approvals", "approve", "--control", "S3.8", "--expect", "1", "--by", "alice",
            cluster);
        assertThat(approve.status()).as(approve.err()).isZero();
        assertThat(approve.out()).contains("Approved " + approved).contains("Approved 1 command (held by approval:S3.8);"
            + " 1 already decided before.");
        Cli.Run again = Cli.redress("approvals", "approve", "--command", approved, "--by", "carol", cluster);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("already approved by alice").contains("Approved 0 commands");

        assertThat(readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class, 1))
            .extracting(RemediationResult::getCommandId, RemediationResult::getReleasedBy)
            .containsExactly(tuple(approved, "alice"));
        assertThat(readExactly(client, Topics.UNPREFIXED.remediations(), RemediationCommand.class, 1)).singleElement()
            .satisfies(command -> {
              assertThat(command.getReleasedBy()).isEqualTo("alice");
              assertThat(command.getHeldBy()).isNull();
            });
        Map<String, HeldResolution> ledger = readExactly(client, Topics.UNPREFIXED.heldResolutions(), HeldResolution.class, 2)
            .stream().collect(Collectors.toMap(HeldResolution::getCommandId, Function.identity()));
        assertThat(ledger.get(denied)).satisfies(resolution -> {
          assertThat(resolution.getResolution()).isEqualTo(Resolution.DISCARDED);
          assertThat(resolution.getBy()).isEqualTo("bob");
          assertThat(resolution.getReason()).isEqualTo("the bucket hosts the public website");
          assertThat(resolution.getHeldBy()).isEqualTo("approval:S3.8");
        });
        assertThat(ledger.get(approved).getBy()).isEqualTo("alice");
        assertThat(Cli.redress("approvals", "list", cluster).out()).contains("No command awaits approval.");
      } finally {
        executor.close();
        executing.join();
      }
    }
  }
}
