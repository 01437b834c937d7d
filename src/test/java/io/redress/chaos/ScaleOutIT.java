package io.redress.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Two Redress processes in one group, as two pods of a deployment are, on a broker whose topics have six
 * partitions: both take a share of the work, and when one of them goes away mid-stream the other takes its
 * partitions over. Everything is read back {@code read_committed}, as an auditor would: every finding has exactly
 * one decision, every command exactly one result (each command executed once), whether the instance that went away
 * was killed (SIGKILL: its open transactions are aborted, its work done again by the other) or stopped (SIGTERM:
 * its work in hand finishes and commits, and it exits with the JVM's status for SIGTERM, 143).
 *
 * <p>Reuses the chaos harness's broker, process, feeder and output reader; every control runs in dry-run, so each
 * finding yields one DRY_RUN command and one DRY_RUN result and no AWS is needed. Left out with the chaos harness:
 * {@code -DexcludedGroups=chaos}.
 */
@Tag("chaos")
class ScaleOutIT {

  private static final int PARTITIONS = 6;
  private static final int FINDINGS = 300;
  private static final double PER_SECOND = 100;
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String APPLICATION_ID = "redress";
  /** 128 + 15: the JVM's exit status after SIGTERM, once its shutdown hooks have run. */
  private static final int SIGTERM_EXIT_STATUS = 143;
  /**
   * Shortened so the test takes seconds, not minutes: the partitions of a member that vanished move once its session
   * times out (45 s by default), and its open transaction holds back read_committed readers until it times out
   * (60 s by default for the executor's and notifier's producers).
   */
  private static final String INSTANCE_CONFIG = """
      kafka:
        partitions: %d
        consumer:
          session.timeout.ms: "6000"
          heartbeat.interval.ms: "1500"
        producer:
          transaction.timeout.ms: "10000"
      """.formatted(PARTITIONS);

  private final ChaosEvents events = new ChaosEvents();
  private final InputLedger ledger = new InputLedger();
  private final Observations observations = new Observations();
  private BrokerControl broker;
  private RedressProcess first;
  private RedressProcess second;
  private Path work;

  @Test
  void whenOneOfTwoInstancesIsKilledMidStreamTheOtherFinishesEveryFindingExactlyOnce(TestInfo test) {
    run(test, Stop.KILL);

    assertExactlyOnce();
  }

  @Test
  void anInstanceStoppedWithSigtermMidStreamStopsEachRoleInTimeAndLosesNothing(TestInfo test) throws IOException {
    Optional<Integer> exit = run(test, Stop.SIGTERM);

    assertThat(exit).as("exit status after SIGTERM (empty: it had to be killed)")
        .hasValue(SIGTERM_EXIT_STATUS);
    String log = Files.readString(work.resolve("first").resolve("redress-1.err"));
    assertThat(log).as("the stopped instance's log").contains(
        "stopped the decision topology", "stopped the executor", "stopped the notifier")
        .doesNotContain("did not stop within");
    assertExactlyOnce();
  }

  /** How the first instance goes away. */
  private enum Stop { KILL, SIGTERM }

  /**
   * Starts the broker and both instances, sends the findings, and when a third are decided stops the first instance;
   * waits until every finding and command is accounted for, then stops the second with SIGTERM and reads every
   * output to its end.
   *
   * @return the first instance's exit status, when it exited by itself after SIGTERM
   */
  private Optional<Integer> run(TestInfo test, Stop stop) {
    String name = stop.name().toLowerCase(Locale.ROOT);
    work = freshDirectory(Path.of("target", "scale-out", name).toAbsolutePath());
    ChaosOptions options = ChaosCommand.parse("--work-dir", work.toString(),
        "--java-opts", "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
    broker = new BrokerControl(options.brokerClasspath(), work.resolve("broker"));
    broker.start();
    first = instance(options, "first");
    second = instance(options, "second");
    try (KafkaClients kafka = KafkaClients.connect(broker.bootstrapServers(), ledger, observations)) {
      new TopicProvisioner(kafka.admin(), Topics.UNPREFIXED, PARTITIONS, (short) 1).provision();
      kafka.watcher().start();
      first.launch();
      second.launch();
      assertThat(first.awaitRunning(Deadline.in(PATIENCE)) && second.awaitRunning(Deadline.in(PATIENCE)))
          .as("both instances running (see %s)", work).isTrue();
      awaitBothInstancesHoldPartitions(kafka);

      InputFeeder.Feed feed = kafka.feeder().feed(Topics.UNPREFIXED.findingsRaw(),
          ValidFindings.sequence(test.getDisplayName(), name, FINDINGS), PER_SECOND);
      await(() -> observations.decisionCount() >= FINDINGS / 3, "a third of the findings decided", kafka);
      Optional<Integer> exit = Optional.empty();
      if (stop == Stop.KILL) {
        first.kill();
      } else {
        exit = first.terminate(Duration.ofSeconds(90));
      }
      await(feed::finished, "every finding sent", kafka);
      feed.requireNoFailure();
      await(() -> observations.snapshot().outstanding(ledger.accepted()) == 0,
          "every finding decided and every command's result", kafka);
      assertThat(second.terminate(Duration.ofSeconds(90))).as("the second instance's exit status after SIGTERM")
          .hasValue(SIGTERM_EXIT_STATUS);
      kafka.watcher().awaitCaughtUp(PATIENCE);
      return exit;
    }
  }

  private void assertExactlyOnce() {
    Outputs outputs = observations.snapshot();
    List<Input> inputs = ledger.accepted();
    SoftAssertions.assertSoftly(softly -> {
      softly.assertThat(inputs).as("findings the broker acknowledged").hasSize(FINDINGS);
      softly.assertThat(inputs).as("findings without exactly one decision")
          .filteredOn(input -> outputs.decisionsFor(input) != 1).isEmpty();
      softly.assertThat(inputs).as("findings dead-lettered")
          .filteredOn(input -> outputs.deadLettersFor(input) != 0).isEmpty();
      softly.assertThat(outputs.decisions).as("decisions").extracting(Observations.DecisionSeen::outcome)
          .containsOnly("DRY_RUN");
      softly.assertThat(outputs.commands).as("commands").hasSize(FINDINGS);
      softly.assertThat(outputs.duplicateCommands()).as("duplicate commands").isZero();
      softly.assertThat(outputs.decisionsWithoutCommand()).as("decisions whose command never appeared").isZero();
      softly.assertThat(outputs.commandsWithoutResult()).as("commands without a result").isZero();
      softly.assertThat(outputs.duplicateResults()).as("commands executed more than once").isZero();
      softly.assertThat(outputs.undecodable).as("records that do not decode").isEmpty();
      softly.assertThat(events.crashes()).as("instances that exited without being asked to").isEmpty();
    });
  }

  /**
   * Before anything is sent: the topology's group and the executor's and notifier's each have both instances as
   * members with partitions of their own, so the work is really shared when the first one goes away.
   */
  private void awaitBothInstancesHoldPartitions(KafkaClients kafka) {
    List<String> groups = List.of(APPLICATION_ID, APPLICATION_ID + "-executor", APPLICATION_ID + "-notifier");
    await(() -> groups.stream().allMatch(group -> describe(kafka, group)
        .filter(description -> description.members().size() == 2)
        .filter(description -> description.members().stream()
            .noneMatch(member -> member.assignment().topicPartitions().isEmpty()))
        .isPresent()), "two members with partitions in each of " + groups, kafka);
    assertThat(groups).allSatisfy(group -> assertThat(describe(kafka, group).orElseThrow().members())
        .extracting(MemberDescription::groupInstanceId).doesNotHaveDuplicates());
  }

  /** The group as the broker describes it; empty while no member has joined it yet. */
  private static Optional<ConsumerGroupDescription> describe(KafkaClients kafka, String group) {
    try {
      return Optional.of(kafka.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
          .get(30, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Optional.empty();
      }
      throw new ChaosException("cannot describe the group " + group + ": " + e, e);
    } catch (TimeoutException e) {
      throw new ChaosException("cannot describe the group " + group + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChaosException("interrupted", e);
    }
  }

  private void await(BooleanSupplier condition, String what, KafkaClients kafka) {
    Deadline deadline = Deadline.in(PATIENCE);
    while (!condition.getAsBoolean()) {
      kafka.watcher().requireReading();
      deadline.check(what + " (decisions read: " + observations.decisionCount() + ", results: "
          + observations.resultCount() + "; logs in " + work + ")");
      Deadline.sleep(Duration.ofMillis(100));
    }
  }

  /** An instance with a directory of its own: its data directory, hence its static member id, and its config. */
  private RedressProcess instance(ChaosOptions options, String name) {
    Path directory = work.resolve(name);
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve("redress.yaml"), INSTANCE_CONFIG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RedressProcess(options, broker.bootstrapServers(), directory, events);
  }

  @AfterEach
  void stopEverything() {
    Stream.of(first, second).filter(Objects::nonNull).forEach(RedressProcess::close);
    if (broker != null) {
      broker.close();
    }
    String directory = work.toString();
    assertThat(ProcessHandle.allProcesses()
        .filter(process -> process.info().arguments().map(args -> String.join(" ", args)).orElse("")
            .contains(directory)))
        .as("broker or Redress processes left behind").isEmpty();
  }

  private static Path freshDirectory(Path directory) {
    Stream.of("first", "second").forEach(name -> RedressProcess.killLeftover(directory.resolve(name)));
    EmbeddedBroker.stopLeftover(directory.resolve("broker"));
    try {
      if (Files.exists(directory)) {
        try (Stream<Path> paths = Files.walk(directory)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
