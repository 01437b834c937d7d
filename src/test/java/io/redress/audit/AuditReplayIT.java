package io.redress.audit;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Scope;
import io.redress.exceptions.ExceptionScope;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.EmbeddedBroker;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.SecurityHubEvents;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A history made by the real topology and executor on a real broker, then replayed: the report's figures, a replay
 * that must not execute anything again, and what-if runs that must give what the real run gave.
 *
 * <p>History, one account breaker of 4 commands: six public buckets in account A (4 remediated, 2 held, one trip),
 * one excepted bucket in A, a re-import in cool-down, two buckets in account B (remediated), one S3.2 finding in A
 * (dry-run by default). The topics have one partition, so the order the breaker sees is the order of the records.
 */
class AuditReplayIT {

  private static final String ACCOUNT_A = "111122223333";
  private static final String ACCOUNT_B = "444455556666";
  private static final String EXCEPTED = "arn:aws:s3:::excepted-site";
  private static final String PROPOSAL = """
      controls: {S3.8: {mode: auto}}
      breaker: {thresholds: {global: 1000, account: 4, control: 1000}}
      """;

  private static LiveRun run;
  private static Properties client;
  private static LiveRun.Executor executor;
  private static List<Decision> decisions;
  private static String exceptionKey;

  @BeforeAll
  static void makeHistory() throws Exception {
    run = LiveRun.start(PROPOSAL, 1);
    client = run.client();
    publishException();
    run.startTopology();
    executor = run.startExecutor();
    Instant observed = Instant.now().minus(Duration.ofMinutes(5));
    for (int i = 0; i < 6; i++) {
      run.sendEvent(SecurityHubEvents.publicBucket(ACCOUNT_A, "bucket-a" + i, observed));
    }
    run.sendEvent(SecurityHubEvents.publicBucket(ACCOUNT_A, "excepted-site", observed));
    run.sendEvent(SecurityHubEvents.publicBucket(ACCOUNT_A, "bucket-a0", observed.plusSeconds(60)));
    run.sendEvent(SecurityHubEvents.publicBucket(ACCOUNT_B, "bucket-b0", observed));
    run.sendEvent(SecurityHubEvents.publicBucket(ACCOUNT_B, "bucket-b1", observed));
    run.sendEvent(SecurityHubEvents.publicBucket(ACCOUNT_A, "bucket-c0", observed).replace("S3.8", "S3.2"));
    decisions = readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class, 11);
    readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class, 7);
  }

  private static void publishException() throws Exception {
    Scope scope = new Scope(null, null, "S3.8", EXCEPTED, null);
    exceptionKey = ExceptionScope.of(scope).key();
    ExceptionRecord exception = ExceptionRecord.newBuilder().setScope(scope).setReason("public website <by design>")
        .setApprover("ciso@example.com").setCreatedBy("web@example.com").setCreatedAt(Instant.now())
        .setExpiresAt(Instant.now().plus(Duration.ofDays(90))).setTicket("SEC-1").build();
    run.send(Topics.UNPREFIXED.exceptions(), exceptionKey,
        AvroSerde.of(ExceptionRecord.class).serializer().serialize(Topics.UNPREFIXED.exceptions(), exception));
  }

  @AfterAll
  static void stop() throws Exception {
    if (executor != null) {
      executor.close();
    }
    if (run != null) {
      run.close();
    }
  }

  @Test
  void theReportsFiguresAreThoseOfTheGeneratedHistory() throws Exception {
    AuditTrail trail = AuditReport.read(client, Topics.UNPREFIXED, TimeRange.ALL, (read, total) -> { });
    AuditFigures figures = AuditFigures.of(trail, Instant.now());

    assertThat(figures.outcomes()).isEqualTo(Map.of(Outcome.REMEDIATE, 6, Outcome.HELD, 2, Outcome.EXCEPTED, 1,
        Outcome.DUPLICATE, 1, Outcome.DRY_RUN, 1));
    assertThat(figures.byControl()).isEqualTo(Map.of("S3.8", new AuditFigures.Remediations(6, 0, 2),
        "S3.2", new AuditFigures.Remediations(0, 1, 0)));
    assertThat(figures.byAccount()).isEqualTo(Map.of(ACCOUNT_A, new AuditFigures.Remediations(4, 1, 2),
        ACCOUNT_B, new AuditFigures.Remediations(2, 0, 0)));
    Set<String> days = decisions.stream()
        .map(d -> d.getDecidedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString()).collect(Collectors.toSet());
    assertThat(figures.byDay().keySet()).isEqualTo(days);
    assertThat(figures.byDay().values().stream().mapToInt(AuditFigures.Remediations::total).sum()).isEqualTo(9);
    assertThat(figures.results()).isEqualTo(Map.of(RemediationStatus.APPLIED, 6, RemediationStatus.DRY_RUN, 1));
    assertThat(figures.timesToFix()).hasSize(6).allSatisfy(time -> assertThat(time).isPositive());
    assertThat(figures.breakerTrips()).extracting(BreakerState::getScope).containsExactly("account:" + ACCOUNT_A);
    assertThat(figures.exceptionsInForce()).containsOnlyKeys(exceptionKey);
    assertThat(figures.exceptionsInForce().get(exceptionKey).decisionsExcepted()).isEqualTo(1);
    assertThat(trail.entries()).filteredOn(e -> e.decision().getOutcome() == Outcome.EXCEPTED).singleElement()
        .satisfies(e -> assertThat(e.exception()).hasValueSatisfying(
            x -> assertThat(x.getCreatedBy()).isEqualTo("web@example.com")));
    assertThat(trail.entries()).filteredOn(AuditEntry::held).hasSize(2)
        .allSatisfy(e -> assertThat(e.result()).isEmpty());
    assertThat(trail.unreadable()).isEmpty();
    StringWriter html = new StringWriter();
    ReportFormat.HTML.write(trail, figures, TimeRange.ALL, html);
    assertThat(html.toString()).contains("public website &lt;by design&gt;").doesNotContain("<by design>");
  }

  @Test
  void aTimeRangeReadsOnlyTheRecordsStampedWithinIt() {
    List<Instant> times = decisions.stream().map(Decision::getDecidedAt).sorted().toList();
    Instant from = times.get(times.size() / 2);
    long expected = times.stream().filter(t -> !t.isBefore(from)).count();

    AuditTrail fromOn = AuditReport.read(client, Topics.UNPREFIXED, new TimeRange(Optional.of(from), Optional.empty()), (r, t) -> { });
    AuditTrail before = AuditReport.read(client, Topics.UNPREFIXED, new TimeRange(Optional.empty(), Optional.of(from)), (r, t) -> { });

    assertThat(fromOn.entries()).hasSize((int) expected)
        .allSatisfy(e -> assertThat(e.decision().getDecidedAt()).isAfterOrEqualTo(from));
    assertThat(before.entries()).hasSize(times.size() - (int) expected)
        .allSatisfy(e -> assertThat(e.decision().getDecidedAt()).isBefore(from));
  }

  @Test
  void aReplayAndAWhatIfWhileExecutorsRunExecuteNothingAgainAndWriteNothing() throws Exception {
    int callsBefore = run.aws().requests().size();
    Map<TopicPartition, Long> endsBefore = endOffsets();
    Set<String> groupsBefore = groups();

    AuditReport.read(client, Topics.UNPREFIXED, TimeRange.ALL, (read, total) -> { });
    WhatIf.run(client, ConfigLoader.fromYaml("controls: {default-mode: auto}", Map.of()),
        RemediationCatalogue.discover(), Instant.now().minus(Duration.ofDays(1)), (read, total) -> { });

    // Read until the executor's results settle: one more would be a command executed again.
    readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class, 7);
    assertThat(run.aws().requests().size()).as("calls to AWS").isEqualTo(callsBefore).isPositive();
    assertThat(endOffsets()).as("end offsets of every topic").isEqualTo(endsBefore);
    assertThat(groups()).as("consumer groups").isEqualTo(groupsBefore);
  }

  @Test
  void whatIfWithTheRunsOwnConfigurationGivesTheDecisionsTheRunGave() {
    RedressConfig same = ConfigLoader.fromYaml(PROPOSAL, Map.of());

    WhatIfReport report = WhatIf.run(client, same, RemediationCatalogue.discover(), earliest(), (r, t) -> { });

    assertThat(report.changes()).isEmpty();
    assertThat(report.proposedDecisions()).isEqualTo(11);
    assertThat(report.outcomes().get("S3.8")).isEqualTo(Map.of(
        Outcome.REMEDIATE, new WhatIfReport.Count(6, 6), Outcome.HELD, new WhatIfReport.Count(2, 2),
        Outcome.EXCEPTED, new WhatIfReport.Count(1, 1), Outcome.DUPLICATE, new WhatIfReport.Count(1, 1)));
    assertThat(report.proposedTrips()).extracting(BreakerState::getScope).containsExactly("account:" + ACCOUNT_A);
    assertThat(report.recordedTrips()).hasSize(1);
    assertThat(report.exceptionsApplied()).isEqualTo(Map.of(exceptionKey, new WhatIfReport.Count(1, 1)));
    assertThat(report.remediated()).hasSize(6);
  }

  @Test
  void whatIfWithEveryControlInDryRunPredictsNoRemediationAndNoTrip() {
    RedressConfig dryRun = ConfigLoader.fromYaml("controls: {default-mode: dry-run}", Map.of());

    WhatIfReport report = WhatIf.run(client, dryRun, RemediationCatalogue.discover(), earliest(), (r, t) -> { });

    assertThat(report.outcomes().get("S3.8")).isEqualTo(Map.of(
        Outcome.REMEDIATE, new WhatIfReport.Count(6, 0), Outcome.HELD, new WhatIfReport.Count(2, 0),
        Outcome.DRY_RUN, new WhatIfReport.Count(0, 8),
        Outcome.EXCEPTED, new WhatIfReport.Count(1, 1), Outcome.DUPLICATE, new WhatIfReport.Count(1, 1)));
    assertThat(report.changes()).hasSize(8)
        .allSatisfy(change -> assertThat(change.proposed().getOutcome()).isEqualTo(Outcome.DRY_RUN));
    assertThat(report.remediated()).isEmpty();
    assertThat(report.proposedTrips()).isEmpty();
  }

  @Test
  void theBrokerOfARunIsFoundOnItsDataDirectoryOnlyWhileItRuns() throws Exception {
    assertThat(EmbeddedBroker.runningOn(run.brokerDir())).hasValue(run.broker().bootstrapServers());
    assertThat(EmbeddedBroker.runningOn(run.brokerDir().resolve("streams"))).isEmpty();
    Path stale = Files.createTempDirectory("redress-audit-stale");
    Files.writeString(stale.resolve("broker.pid"), Long.toString(ProcessHandle.current().pid()));
    Files.writeString(stale.resolve("server.properties"), "advertised.listeners=PLAINTEXT://127.0.0.1:1\n");
    assertThat(EmbeddedBroker.runningOn(stale)).as("a live process that is no broker on that directory").isEmpty();
  }

  private static Instant earliest() {
    return decisions.stream().map(Decision::getDecidedAt).min(Comparator.naturalOrder()).orElseThrow();
  }

  private static Map<TopicPartition, Long> endOffsets() {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(client,
        new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = Topics.UNPREFIXED.all().stream().flatMap(topic -> consumer.partitionsFor(topic).stream())
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      return consumer.endOffsets(partitions);
    }
  }

  private static Set<String> groups() throws Exception {
    try (Admin admin = Admin.create(client)) {
      return admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId)
          .collect(Collectors.toSet());
    }
  }
}
