package io.redress.audit;

import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.ingest.FindingNormalizer;
import io.redress.kafka.AvroSerde;
import io.redress.remediation.RemediationCatalogue;
import io.redress.topology.DeadLetterHandler;
import io.redress.topology.RedressTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * What a proposed configuration would have decided: the recorded findings, with the times the broker stamped them,
 * run through the production topology ({@link RedressTopology#build}) in this process, with the exceptions fed in as
 * they were recorded, interleaved by time.
 *
 * <p>It runs in isolation by construction: the topology runs in a {@link TopologyTestDriver}, which has no Kafka
 * client at all. Its outputs (decisions, commands, notifications, breaker changes) stay in memory, so no command can
 * reach an executor, no consumer group is joined, and the running deployment's state stores and topics are only
 * read. Findings from before the period are replayed first, unreported, so that cool-downs and the breaker's window
 * start the period as they were.
 */
public final class WhatIf {

  private static final AvroSerde<Decision> DECISIONS = AvroSerde.of(Decision.class);
  private static final AvroSerde<Finding> FINDINGS = AvroSerde.of(Finding.class);
  private static final AvroSerde<BreakerState> BREAKER_STATES = AvroSerde.of(BreakerState.class);
  /** Outputs are read off the driver this often, so a long replay does not hold every command and lesson. */
  private static final int DRAIN_EVERY = 10_000;

  private WhatIf() {
  }

  /** How long before the period findings are replayed: what a cool-down or the breaker's window can look back. */
  static Duration warmUp(RedressConfig proposed) {
    Duration cooldown = proposed.cooldown();
    Duration window = proposed.breaker().window();
    return cooldown.compareTo(window) > 0 ? cooldown : window;
  }

  /** Where findings are replayed from: the warm-up before the period, no earlier than Kafka's time 0. */
  static Instant replayFrom(Instant from, RedressConfig proposed) {
    Instant replayFrom = from.minus(warmUp(proposed));
    return replayFrom.isBefore(Instant.EPOCH) ? Instant.EPOCH : replayFrom;
  }

  public static WhatIfReport run(Properties clientProperties, RedressConfig proposed, RemediationCatalogue catalogue,
      Instant from, AuditReader.Progress progress) {
    Topics topics = proposed.kafka().topics();
    Instant replayFrom = replayFrom(from, proposed);
    TimeRange period = new TimeRange(Optional.of(from), Optional.empty());
    List<AuditRecord> findings = new ArrayList<>();
    List<AuditRecord> exceptions = new ArrayList<>();
    List<AuditRecord> recorded = new ArrayList<>();
    try (AuditReader reader = new AuditReader(clientProperties)) {
      reader.read(List.of(
          new AuditReader.Selection(topics.findings(), new TimeRange(Optional.of(replayFrom), Optional.empty())),
          new AuditReader.Selection(topics.exceptions(), TimeRange.ALL),
          new AuditReader.Selection(topics.decisions(), period),
          new AuditReader.Selection(topics.breaker(), period)), record -> {
            if (record.topic().equals(topics.findings())) {
              findings.add(record);
            } else if (record.topic().equals(topics.exceptions())) {
              exceptions.add(record);
            } else {
              recorded.add(record);
            }
          }, progress);
    }
    WhatIfReport.Builder report = new WhatIfReport.Builder(from, replayFrom);
    Replayed replayed = replay(proposed, catalogue, refusedAtIngest(proposed, findings, from, report), exceptions);
    recorded.forEach(record -> recordedOutcome(record, topics, from, report));
    replayed.decisions().stream().filter(d -> !d.getDecidedAt().isBefore(from)).forEach(report::proposed);
    replayed.breakerChanges().stream()
        .filter(state -> state.getStatus() == BreakerStatus.OPEN && !state.getOpenedAt().isBefore(from))
        .forEach(report::proposedTrip);
    return report.build();
  }

  /**
   * The findings the proposal's {@code ingest.sources} would let in; each it would refuse is reported, not replayed.
   * A raw record carrying several findings was refused whole; recorded one by one, they are judged one by one.
   */
  private static List<AuditRecord> refusedAtIngest(RedressConfig proposed, List<AuditRecord> findings, Instant from,
      WhatIfReport.Builder report) {
    FindingNormalizer limits = FindingNormalizer.of(proposed.ingest());
    List<AuditRecord> admitted = new ArrayList<>();
    for (AuditRecord record : findings) {
      Finding finding;
      try {
        finding = FINDINGS.deserializer().deserialize(record.topic(), record.value());
      } catch (RuntimeException unreadable) {
        admitted.add(record); // replayed as recorded: the topology dead-letters it as it did
        continue;
      }
      Optional<String> refused = limits.outsideLimits(finding);
      if (refused.isEmpty()) {
        admitted.add(record);
      } else if (record.timestamp() >= from.toEpochMilli()) {
        report.refused(finding, refused.get());
      }
    }
    return admitted;
  }

  private static void recordedOutcome(AuditRecord record, Topics topics, Instant from, WhatIfReport.Builder report) {
    try {
      if (record.topic().equals(topics.decisions())) {
        Decision decision = DECISIONS.deserializer().deserialize(record.topic(), record.value());
        if (!decision.getDecidedAt().isBefore(from)) {
          report.recorded(decision);
        }
      } else if (record.value() != null) {
        BreakerState state = BREAKER_STATES.deserializer().deserialize(record.topic(), record.value());
        if (state.getStatus() == BreakerStatus.OPEN) {
          report.recordedTrip(state);
        }
      }
    } catch (RuntimeException e) {
      report.unreadable(record.position());
    }
  }

  private record Replayed(List<Decision> decisions, List<BreakerState> breakerChanges) {
  }

  /**
   * Feeds findings and exceptions to the topology in the order of their timestamps (an exception first when both
   * carry the same millisecond, as it would have been loaded by then), and collects its decisions.
   */
  private static Replayed replay(RedressConfig proposed, RemediationCatalogue catalogue, List<AuditRecord> findings,
      List<AuditRecord> exceptions) {
    Topics topics = proposed.kafka().topics();
    Comparator<AuditRecord> byTime = Comparator.comparingLong(AuditRecord::timestamp)
        .thenComparing(record -> record.topic().equals(topics.findings()))
        .thenComparingInt(AuditRecord::partition)
        .thenComparingLong(AuditRecord::offset);
    List<AuditRecord> inputs = Stream.concat(exceptions.stream(), findings.stream()).sorted(byTime).toList();
    Path stateDir = temporaryStateDir();
    List<Decision> decisions = new ArrayList<>();
    List<BreakerState> breakerChanges = new ArrayList<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(topology(proposed, catalogue),
        properties(topics, stateDir))) {
      TestInputTopic<String, byte[]> findingInput = input(driver, topics.findings());
      TestInputTopic<String, byte[]> exceptionInput = input(driver, topics.exceptions());
      TestOutputTopic<String, Decision> decisionOutput = driver.createOutputTopic(topics.decisions(),
          Serdes.String().deserializer(), DECISIONS.deserializer());
      TestOutputTopic<String, BreakerState> breakerOutput = driver.createOutputTopic(topics.breaker(),
          Serdes.String().deserializer(), BREAKER_STATES.deserializer());
      int fed = 0;
      for (AuditRecord record : inputs) {
        (record.topic().equals(topics.findings()) ? findingInput : exceptionInput)
            .pipeInput(record.key(), record.value(), record.timestamp());
        if (++fed % DRAIN_EVERY == 0) {
          drain(driver, topics, decisionOutput, breakerOutput, decisions, breakerChanges);
        }
      }
      drain(driver, topics, decisionOutput, breakerOutput, decisions, breakerChanges);
    } finally {
      deleteRecursively(stateDir);
    }
    return new Replayed(decisions, breakerChanges);
  }

  /**
   * The one place the production topology is built for a what-if; built exactly as {@code redress run} builds it,
   * so the decisions are the production code's, not a re-implementation.
   */
  private static Topology topology(RedressConfig proposed, RemediationCatalogue catalogue) {
    return RedressTopology.build(proposed, catalogue,
        FindingNormalizer.of(proposed.ingest()), InstantSource.system());
  }

  private static void drain(TopologyTestDriver driver, Topics topics, TestOutputTopic<String, Decision> decisionOutput,
      TestOutputTopic<String, BreakerState> breakerOutput, List<Decision> decisions,
      List<BreakerState> breakerChanges) {
    decisions.addAll(decisionOutput.readValuesToList());
    breakerChanges.addAll(breakerOutput.readValuesToList());
    // Commands, lessons and dead letters are not part of the comparison; reading them frees them.
    for (String topic : List.of(topics.remediations(), topics.remediationsHeld(), topics.notifications(),
        topics.deadLetters())) {
      driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer())
          .readRecordsToList();
    }
  }

  private static TestInputTopic<String, byte[]> input(TopologyTestDriver driver, String topic) {
    return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
  }

  /** The production handlers, so a finding the topology cannot handle is dead-lettered here as it was there. */
  private static Properties properties(Topics topics, Path stateDir) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "redress-what-if");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "what-if.invalid:9092");
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    DeadLetterHandler.install(properties, topics.deadLetters());
    return properties;
  }

  private static Path temporaryStateDir() {
    try {
      return Files.createTempDirectory("redress-what-if");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory for the what-if", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is not worth failing the what-if for.
    }
  }
}
