package io.redress.topology;

import io.redress.breaker.Breaker;
import io.redress.breaker.BreakerVerdict;
import io.redress.config.RedressConfig;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Finding;
import io.redress.contract.Notification;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.decision.Assessment;
import io.redress.decision.CooldownCheck;
import io.redress.decision.PolicyCheck;
import io.redress.decision.Verdict;
import io.redress.exceptions.ExceptionCheck;
import io.redress.ingest.FindingNormalizer;
import io.redress.ingest.Normalize;
import io.redress.ingest.Normalized;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.Topics;
import io.redress.remediation.RemediationCatalogue;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole decision flow, top to bottom: raw findings are normalized (or dead-lettered), then each finding is
 * checked for actionability, exceptions, cool-down and policy, remediations pass the circuit breaker, and every
 * finding leaves exactly one decision on the audit topic, from which commands and notifications branch.
 */
public final class RedressTopology {

  public static final String EXCEPTIONS_STORE = "exceptions";
  public static final String COOLDOWN_STORE = "finding-cooldown";
  public static final String BREAKER_ADMISSIONS_STORE = "breaker-admissions";
  public static final String BREAKER_STATES_STORE = "breaker-states";

  /** Outcomes whose resource's creator gets a lesson. */
  private static final Set<Outcome> LESSON_OUTCOMES = EnumSet.of(Outcome.REMEDIATE, Outcome.DRY_RUN, Outcome.NOTIFY_ONLY);

  private static final Serde<String> KEYS = Serdes.String();
  private static final Serde<Finding> FINDINGS = AvroSerde.of(Finding.class);
  private static final Serde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);
  private static final Serde<ExceptionRecord> EXCEPTIONS = AvroSerde.of(ExceptionRecord.class);
  private static final Serde<Decision> DECISIONS = AvroSerde.of(Decision.class);
  private static final Serde<RemediationCommand> COMMANDS = AvroSerde.of(RemediationCommand.class);
  private static final Serde<Notification> NOTIFICATIONS = AvroSerde.of(Notification.class);
  private static final Serde<BreakerState> BREAKER_STATES = AvroSerde.of(BreakerState.class);

  private RedressTopology() {
  }

  public static Topology build(RedressConfig config, RemediationCatalogue catalogue) {
    StreamsBuilder builder = new StreamsBuilder();

    normalize(builder, FindingNormalizer.withBundledMappings());

    builder.globalTable(Topics.EXCEPTIONS, Consumed.with(KEYS, EXCEPTIONS).withName("read-exceptions"),
        Materialized.<String, ExceptionRecord, KeyValueStore<Bytes, byte[]>>as(EXCEPTIONS_STORE)
            .withKeySerde(KEYS).withValueSerde(EXCEPTIONS));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(COOLDOWN_STORE), KEYS, Serdes.Long()));

    Map<String, KStream<String, Assessment>> assessed = builder
        .stream(Topics.FINDINGS, Consumed.with(KEYS, FINDINGS).withName("read-findings"))
        .mapValues(Assessment::of, Named.as("check-actionable"))
        .processValues(() -> new ExceptionCheck(EXCEPTIONS_STORE), Named.as("check-exceptions"))
        .processValues(() -> new CooldownCheck(COOLDOWN_STORE, config.cooldown()), Named.as("check-cooldown"),
            COOLDOWN_STORE)
        .processValues(() -> new PolicyCheck(config.policy(), catalogue), Named.as("apply-policy"))
        .split(Named.as("policy-"))
        .branch((key, assessment) -> assessment.verdict().orElseThrow() instanceof Verdict.Remediate,
            Branched.as("remediate"))
        .defaultBranch(Branched.as("settled"));

    KStream<String, Decision> settled = assessed.get("policy-settled")
        .mapValues(Assessment::toDecision, Named.as("settled-decision"));
    KStream<String, BreakerVerdict> breaker = passBreaker(builder, config,
        assessed.get("policy-remediate").mapValues(Assessment::toDecision, Named.as("remediation-decision")));

    publishBreakerChanges(breaker);

    KStream<String, Decision> decisions = settled.merge(
        breaker.mapValues(BreakerVerdict::decision, Named.as("breaker-decision")), Named.as("decisions"));
    decisions.to(Topics.DECISIONS, Produced.with(KEYS, DECISIONS).withName("write-decision"));

    branchCommandsAndLessons(decisions);
    return builder.build();
  }

  /** Every change of breaker state on its compacted topic; every opening also to a human. */
  private static void publishBreakerChanges(KStream<String, BreakerVerdict> breaker) {
    breaker.flatMap((key, verdict) -> verdict.changes().stream()
            .map(state -> KeyValue.pair(state.getScope(), state)).toList(), Named.as("breaker-changes"))
        .to(Topics.BREAKER, Produced.with(KEYS, BREAKER_STATES).withName("write-breaker-state"));
    breaker.flatMap((key, verdict) -> verdict.changes().stream()
            .filter(state -> state.getStatus() == BreakerStatus.OPEN)
            .map(state -> KeyValue.pair(state.getScope(), Notifications.breakerTripped(state))).toList(),
            Named.as("breaker-alerts"))
        .to(Topics.NOTIFICATIONS, Produced.with(KEYS, NOTIFICATIONS).withName("write-breaker-alert"));
  }

  /** Commands to the executors (or, held, to a human); lessons to the notifiers. */
  private static void branchCommandsAndLessons(KStream<String, Decision> decisions) {
    decisions.filter((key, decision) -> decision.getCommandId() != null, Named.as("with-command"))
        .mapValues(Commands::of, Named.as("command"))
        .split(Named.as("command-"))
        .branch((key, command) -> command.getHeldBy() != null, Branched.withConsumer(held -> held.to(
            Topics.REMEDIATIONS_HELD, Produced.with(KEYS, COMMANDS).withName("write-held-command")), "held"))
        .defaultBranch(Branched.withConsumer(admitted -> admitted.to(
            Topics.REMEDIATIONS, Produced.with(KEYS, COMMANDS).withName("write-command")), "admitted"));

    decisions.filter((key, decision) -> LESSON_OUTCOMES.contains(decision.getOutcome()), Named.as("teachable"))
        .mapValues(Notifications::lesson, Named.as("lesson"))
        .to(Topics.NOTIFICATIONS, Produced.with(KEYS, NOTIFICATIONS).withName("write-lesson"));
  }

  /** Raw JSON in; normalized findings keyed by resource out, or the input whole on the dead-letter topic. */
  private static void normalize(StreamsBuilder builder, FindingNormalizer normalizer) {
    builder.stream(Topics.FINDINGS_RAW, Consumed.with(KEYS, Serdes.ByteArray()).withName("read-raw-findings"))
        .process(() -> new Normalize(normalizer), Named.as("normalize"))
        .split(Named.as("normalized-"))
        .branch((key, normalized) -> normalized instanceof Normalized.Rejected, Branched.withConsumer(rejected ->
            rejected.mapValues(normalized -> ((Normalized.Rejected) normalized).deadLetter(), Named.as("dead-letter"))
                .to(Topics.DEAD_LETTERS, Produced.with(KEYS, DEAD_LETTERS).withName("write-dead-letter")), "rejected"))
        .defaultBranch(Branched.withConsumer(accepted ->
            accepted.mapValues(normalized -> ((Normalized.Accepted) normalized).finding(), Named.as("finding"))
                .to(Topics.FINDINGS, Produced.with(KEYS, FINDINGS).withName("write-finding")), "accepted"));
  }

  /**
   * Remediations go through one partition to the breaker so its counts cover every instance, then come back
   * keyed by resource.
   */
  private static KStream<String, BreakerVerdict> passBreaker(
      StreamsBuilder builder, RedressConfig config, KStream<String, Decision> remediations) {
    // In memory: at most a threshold's worth of admissions per scope, restored from its changelog in moments, and
    // no on-disk segments that exactly-once would distrust after every restart.
    builder.addStateStore(Stores.windowStoreBuilder(
        Stores.inMemoryWindowStore(BREAKER_ADMISSIONS_STORE, config.breaker().window(), config.breaker().window(), true),
        KEYS, Serdes.String()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(BREAKER_STATES_STORE), KEYS, BREAKER_STATES));
    return remediations
        .selectKey((key, decision) -> Breaker.ROUTE, Named.as("route-to-breaker"))
        .repartition(Repartitioned.<String, Decision>as("breaker").withNumberOfPartitions(1)
            .withKeySerde(KEYS).withValueSerde(DECISIONS))
        .process(() -> new Breaker(config.breaker(), BREAKER_ADMISSIONS_STORE, BREAKER_STATES_STORE),
            Named.as("breaker"), BREAKER_ADMISSIONS_STORE, BREAKER_STATES_STORE);
  }
}
