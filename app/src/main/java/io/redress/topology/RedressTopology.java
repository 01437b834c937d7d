package io.redress.topology;

import io.redress.breaker.BreakerVerdict;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.AddressedLesson;
import io.redress.contract.BreakerReset;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.DueLessons;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Finding;
import io.redress.contract.LessonWindow;
import io.redress.contract.Notification;
import io.redress.contract.NotificationResult;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.TrainingFigure;
import io.redress.decision.Assessment;
import io.redress.decision.Cooldown;
import io.redress.decision.OwnPrincipals;
import io.redress.decision.Policy;
import io.redress.decision.Remedy;
import io.redress.decision.Verdict;
import io.redress.ingest.FindingNormalizer;
import io.redress.kafka.AvroSerde;
import io.redress.metrics.RedressMeters;
import io.redress.notification.DigestWindows;
import io.redress.notification.RepeatOffenders;
import io.redress.remediation.RemediationCatalogue;
import io.redress.topology.steps.BreakerResetStep;
import io.redress.topology.steps.BreakerStep;
import io.redress.topology.steps.BrokerTime;
import io.redress.topology.steps.ChainDecision;
import io.redress.topology.steps.CooldownCheck;
import io.redress.topology.steps.DigestStep;
import io.redress.topology.steps.Digested;
import io.redress.topology.steps.ExceptionCheck;
import io.redress.topology.steps.IndexExceptions;
import io.redress.topology.steps.IndexedScopes;
import io.redress.topology.steps.LessonAfterResult;
import io.redress.topology.steps.Normalize;
import io.redress.topology.steps.Normalized;
import io.redress.topology.steps.PolicyCheck;
import io.redress.topology.steps.StartAssessment;
import io.redress.topology.steps.TrainingStep;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole decision flow, top to bottom: raw findings are normalized (or dead-lettered), then each finding is
 * checked for actionability, exceptions, cool-down and policy, remediations pass the circuit breaker, and every
 * finding leaves exactly one decision on the audit topic, from which commands and notifications branch.
 */
public final class RedressTopology {

  public static final String EXCEPTIONS_STORE = "exception-index";
  public static final String COOLDOWN_STORE = "finding-cooldown";
  public static final String BREAKER_ADMISSIONS_STORE = "breaker-admissions";
  public static final String BREAKER_STATES_STORE = "breaker-states";
  public static final String DECISION_CHAIN_STORE = "decision-chain";

  /**
   * Outcomes whose lesson goes out at decision time: no command will report on them (a held command waits for a
   * human, and its creator is told so). A command's lesson waits for its result.
   */
  private static final Set<Outcome> LESSON_OUTCOMES = EnumSet.of(Outcome.NOTIFY_ONLY, Outcome.HELD);
  public static final String LESSON_DECISIONS_STORE = "lesson-decisions";
  public static final String LESSON_RESULTS_STORE = "lesson-results";
  public static final String DIGEST_WINDOWS_STORE = "digest-windows";
  public static final String TRAINING_FIGURES_STORE = "training-figures";

  private static final Serde<String> KEYS = Serdes.String();
  /**
   * A finding is carried whole in its decision and its lesson. Normalized findings are far smaller (their fields are
   * capped); one larger than this was written to the findings topic by something else, and is refused while it is
   * read, so that no output of its task can fail after others were sent.
   */
  static final int MAX_FINDING_BYTES = 256 * 1024;

  private static final AvroSerde<Finding> FINDINGS = AvroSerde.of(Finding.class).decodingAtMost(MAX_FINDING_BYTES);
  private static final Serde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);
  private static final Serde<ExceptionRecord> EXCEPTIONS = AvroSerde.of(ExceptionRecord.class);
  private static final Serde<Decision> DECISIONS = AvroSerde.of(Decision.class);
  private static final Serde<RemediationCommand> COMMANDS = AvroSerde.of(RemediationCommand.class);
  private static final Serde<Notification> NOTIFICATIONS = AvroSerde.of(Notification.class);
  private static final Serde<BreakerState> BREAKER_STATES = AvroSerde.of(BreakerState.class);
  private static final Serde<RemediationResult> RESULTS = AvroSerde.of(RemediationResult.class);
  private static final Serde<BreakerReset> BREAKER_RESETS = AvroSerde.of(BreakerReset.class);
  private static final Serde<AddressedLesson> ADDRESSED_LESSONS = AvroSerde.of(AddressedLesson.class);
  private static final Serde<LessonWindow> LESSON_WINDOWS = AvroSerde.of(LessonWindow.class);
  private static final Serde<DueLessons> DUE_LESSONS = AvroSerde.of(DueLessons.class);
  private static final Serde<NotificationResult> NOTIFICATION_RESULTS = AvroSerde.of(NotificationResult.class);
  private static final Serde<TrainingFigure> TRAINING_FIGURES = AvroSerde.of(TrainingFigure.class);

  private RedressTopology() {
  }

  public static Topology build(RedressConfig config, RemediationCatalogue catalogue, FindingNormalizer normalizer) {
    return build(config, catalogue, normalizer, InstantSource.system());
  }

  /**
   * @param normalizer the finding readers, one per source format, that turn raw records into findings
   * @param clock this instance's clock, the latest time a record that carries its producer's time is trusted with
   */
  public static Topology build(
      RedressConfig config, RemediationCatalogue catalogue, FindingNormalizer normalizer, InstantSource clock) {
    StreamsBuilder builder = new StreamsBuilder();
    BrokerTime time = new BrokerTime(clock);
    // The actions as the executor runs them, so a decision describes what will be done with the configured parameters.
    RemediationCatalogue actions = catalogue.with(config.policy().parameters());
    Topics topics = config.kafka().topics();

    normalize(builder, topics, normalizer, time);

    // Indexed by its own processor, not read as a GlobalKTable, so that exceptions are found whatever the case of
    // their control. Held in memory: the list is small, and a store that keeps no offsets is rebuilt through that
    // processor from the start of the topic on every start, never left holding keys indexed another way.
    IndexedScopes scopes = new IndexedScopes();
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EXCEPTIONS_STORE), KEYS, EXCEPTIONS)
            .withLoggingDisabled(),
        topics.exceptions(), Consumed.with(KEYS, EXCEPTIONS).withName("read-exceptions"),
        () -> new IndexExceptions(EXCEPTIONS_STORE, scopes));
    Cooldown cooldown = new Cooldown(config.cooldown());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COOLDOWN_STORE), KEYS, Serdes.Long())
        .withLoggingEnabled(sweptChangelog(config.cooldown())));

    Map<String, KStream<String, Assessment>> assessed = builder
        .stream(topics.findings(), Consumed.with(KEYS, FINDINGS).withTimestampExtractor(time)
            .withName("read-findings"))
        .processValues(() -> new StartAssessment(OwnPrincipals.of(config.aws()), actions::canonical),
            Named.as("check-actionable"))
        .processValues(() -> new ExceptionCheck(EXCEPTIONS_STORE, scopes, actions::exceptedWith),
            Named.as("check-exceptions"))
        .processValues(() -> new CooldownCheck(COOLDOWN_STORE, cooldown), Named.as("check-cooldown"), COOLDOWN_STORE)
        .processValues(() -> new PolicyCheck(new Policy(config.policy(), remedies(actions))), Named.as("apply-policy"))
        .split(Named.as("policy-"))
        .branch((key, assessment) -> assessment.verdict().orElseThrow() instanceof Verdict.Remediate,
            Branched.as("remediate"))
        .defaultBranch(Branched.as("settled"));

    KStream<String, Decision> settled = assessed.get("policy-settled")
        .mapValues(Assessment::toDecision, Named.as("settled-decision"));
    KStream<String, BreakerVerdict> breaker = passBreaker(builder, config,
        assessed.get("policy-remediate").mapValues(Assessment::toDecision, Named.as("remediation-decision")));
    applyBreakerResets(builder, topics, time);

    publishBreakerChanges(topics, breaker);

    KStream<String, Decision> remediations = breaker.mapValues(BreakerVerdict::decision, Named.as("breaker-decision"));
    KStream<String, Decision> decisions = settled.merge(remediations, Named.as("decisions"));
    chainDecisions(builder, settled, remediations)
        .to(topics.decisions(), Produced.with(KEYS, DECISIONS).withName("write-decision"));
    decisions.foreach((key, decision) -> RedressMeters.decision(decision.getFinding().getSource().name(),
        decision.getOutcome().name()), Named.as("count-decision"));

    branchCommandsAndLessons(topics, decisions);
    teachAfterResults(builder, topics);
    collectDigests(builder, config, time);
    countRepeatOffenders(builder, config, time);
    return builder.build();
  }

  /**
   * Each decision linked into its partition's hash chain, the audit trail's tamper evidence. A chain needs one writer
   * per partition, and remediation decisions leave the breaker's single task for every partition; so they come back
   * keyed by resource through a topic of their own and join the settled ones of the task that owns their partition.
   * That topic gets as many partitions as the findings topic (Kafka Streams sizes a repartition topic after the
   * sources of the sub-topology writing it), which the provisioning keeps equal to the decisions topic's. Commands
   * and the lessons sent at decision time branch off before this step, so the hop adds nothing to their latency.
   */
  private static KStream<String, Decision> chainDecisions(
      StreamsBuilder builder, KStream<String, Decision> settled, KStream<String, Decision> remediations) {
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(DECISION_CHAIN_STORE), KEYS, Serdes.String()));
    return settled
        .merge(remediations.repartition(Repartitioned.<String, Decision>as("breaker-decisions")
            .withKeySerde(KEYS).withValueSerde(DECISIONS)), Named.as("decisions-to-chain"))
        .processValues(() -> new ChainDecision(DECISION_CHAIN_STORE), Named.as("chain-decision"),
            DECISION_CHAIN_STORE);
  }

  /** The policy needs to know which remediation a control has, not how to run it. */
  private static Function<String, Optional<Remedy>> remedies(RemediationCatalogue catalogue) {
    return control -> catalogue.forControl(control).map(action -> new Remedy(action.name(), action.summary()));
  }

  /**
   * What a restart costs is the cool-down changelog: after a crash, exactly-once makes Kafka Streams wipe the store
   * and rebuild it from there. These settings keep that changelog to about the entries still in cool-down instead of
   * every resource ever handled: swept entries become tombstones, a segment rolls once per cool-down so compaction
   * can reach it, and tombstones are dropped a cool-down later. (A store in memory restored as fast in measurements
   * at 5,600 and 20,000 entries; on disk it needs no restore at all after a clean stop, and no heap.)
   */
  private static Map<String, String> sweptChangelog(Duration cooldown) {
    String length = Long.toString(Math.max(cooldown.toMillis(), Duration.ofMinutes(1).toMillis()));
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
        TopicConfig.SEGMENT_MS_CONFIG, length,
        TopicConfig.DELETE_RETENTION_MS_CONFIG, length,
        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");
  }

  /** Every change of breaker state on its compacted topic; every opening also to a human. */
  private static void publishBreakerChanges(Topics topics, KStream<String, BreakerVerdict> breaker) {
    breaker.flatMap((key, verdict) -> verdict.changes().stream()
            .map(state -> KeyValue.pair(state.getScope(), state)).toList(), Named.as("breaker-changes"))
        .to(topics.breaker(), Produced.with(KEYS, BREAKER_STATES).withName("write-breaker-state"));
    breaker.flatMap((key, verdict) -> verdict.changes().stream()
            .filter(state -> state.getStatus() == BreakerStatus.OPEN)
            .map(state -> KeyValue.pair(state.getScope(), Notifications.breakerTripped(state))).toList(),
            Named.as("breaker-alerts"))
        .to(topics.notifications(), Produced.with(KEYS, NOTIFICATIONS).withName("write-breaker-alert"));
  }

  /** Commands to the executors (or, held, to a human); lessons to the notifiers. */
  private static void branchCommandsAndLessons(Topics topics, KStream<String, Decision> decisions) {
    decisions.filter((key, decision) -> decision.getCommandId() != null, Named.as("with-command"))
        .mapValues(Commands::of, Named.as("command"))
        .split(Named.as("command-"))
        .branch((key, command) -> command.getHeldBy() != null, Branched.withConsumer(held -> held.to(
            topics.remediationsHeld(), Produced.with(KEYS, COMMANDS).withName("write-held-command")), "held"))
        .defaultBranch(Branched.withConsumer(admitted -> admitted.to(
            topics.remediations(), Produced.with(KEYS, COMMANDS).withName("write-command")), "admitted"));

    decisions.filter((key, decision) -> LESSON_OUTCOMES.contains(decision.getOutcome()), Named.as("teachable"))
        .mapValues(Notifications::lesson, Named.as("lesson"))
        .to(topics.notifications(), Produced.with(KEYS, NOTIFICATIONS).withName("write-lesson"));
  }

  /**
   * Each command's lesson, once its result is known: decisions and results are read back from their topics (both
   * keyed by resource, so a command's pair meets on one partition) and paired by command id.
   */
  private static void teachAfterResults(StreamsBuilder builder, Topics topics) {
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(LESSON_DECISIONS_STORE), KEYS, DECISIONS));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(LESSON_RESULTS_STORE), KEYS, RESULTS));
    builder.stream(topics.decisions(), Consumed.with(KEYS, DECISIONS).withName("read-decisions-for-lessons"))
        .filter((key, decision) -> decision.getCommandId() != null, Named.as("with-command-to-teach"))
        .processValues(() -> new LessonAfterResult.OnDecision(LESSON_DECISIONS_STORE, LESSON_RESULTS_STORE,
            Notifications::lessonAfter), Named.as("await-result"), LESSON_DECISIONS_STORE, LESSON_RESULTS_STORE)
        .to(topics.notifications(), Produced.with(KEYS, NOTIFICATIONS).withName("write-lesson-on-decision"));
    builder.stream(topics.remediationResults(), Consumed.with(KEYS, RESULTS).withName("read-results"))
        .processValues(() -> new LessonAfterResult.OnResult(LESSON_DECISIONS_STORE, LESSON_RESULTS_STORE,
            Notifications::lessonAfter), Named.as("pair-result"), LESSON_DECISIONS_STORE, LESSON_RESULTS_STORE)
        .to(topics.notifications(), Produced.with(KEYS, NOTIFICATIONS).withName("write-lesson-after-result"));
  }

  /**
   * Digest, not spam: the notifier addresses each creator's lesson and sends it here keyed by recipient; each lesson
   * goes on at once or waits in its recipient's window for one digest ({@link DigestWindows}).
   */
  private static void collectDigests(StreamsBuilder builder, RedressConfig config, BrokerTime time) {
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(DIGEST_WINDOWS_STORE), KEYS, Serdes.ByteArray()));
    Topics topics = config.kafka().topics();
    builder.stream(topics.lessonsAddressed(), Consumed.with(KEYS, ADDRESSED_LESSONS).withTimestampExtractor(time)
            .withName("read-addressed-lessons"))
        .process(() -> new DigestStep(new DigestWindows(config.notifications().digest()),
            config.notifications().digest().window(), LESSON_WINDOWS, DIGEST_WINDOWS_STORE), Named.as("digest"),
            DIGEST_WINDOWS_STORE)
        .split(Named.as("digested-"))
        .branch((key, digested) -> digested instanceof Digested.Unreadable, Branched.withConsumer(unreadable ->
            unreadable.mapValues(digested -> ((Digested.Unreadable) digested).deadLetter(),
                    Named.as("dead-letter-window"))
                .to(topics.deadLetters(), Produced.with(KEYS, DEAD_LETTERS).withName("write-window-dead-letter")),
            "unreadable"))
        .defaultBranch(Branched.withConsumer(due ->
            due.mapValues(digested -> ((Digested.Due) digested).lessons(), Named.as("due-lessons"))
                .to(topics.lessonsDue(), Produced.with(KEYS, DUE_LESSONS).withName("write-due-lessons")), "due"));
  }

  /**
   * Does training work? Each delivery result that taught a creator updates that creator's figure for its control
   * ({@link RepeatOffenders#counted}), published on a compacted topic keyed by creator and control.
   */
  private static void countRepeatOffenders(StreamsBuilder builder, RedressConfig config, BrokerTime time) {
    RepeatOffenders offenders = new RepeatOffenders(config.notifications().securityContact());
    Topics topics = config.kafka().topics();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(TRAINING_FIGURES_STORE), KEYS, TRAINING_FIGURES));
    builder.stream(topics.notificationResults(), Consumed.with(KEYS, NOTIFICATION_RESULTS).withTimestampExtractor(time)
            .withName("read-notification-results"))
        .filter((key, result) -> offenders.teaches(result), Named.as("taught-a-creator"))
        .selectKey((key, result) -> result.getRecipient() + "|" + result.getControl(), Named.as("by-creator-and-control"))
        .repartition(Repartitioned.<String, NotificationResult>as("training").withKeySerde(KEYS)
            .withValueSerde(NOTIFICATION_RESULTS))
        .processValues(() -> new TrainingStep(TRAINING_FIGURES_STORE), Named.as("count-lessons"), TRAINING_FIGURES_STORE)
        .to(topics.trainingStats(), Produced.with(KEYS, TRAINING_FIGURES).withName("write-training-figure"));
  }

  /** Raw JSON in; normalized findings keyed by resource out, or the input whole on the dead-letter topic. */
  private static void normalize(StreamsBuilder builder, Topics topics, FindingNormalizer normalizer,
      BrokerTime time) {
    builder.stream(topics.findingsRaw(), Consumed.with(KEYS, Serdes.ByteArray()).withTimestampExtractor(time)
            .withName("read-raw-findings"))
        .process(() -> new Normalize(normalizer), Named.as("normalize"))
        .split(Named.as("normalized-"))
        .branch((key, normalized) -> normalized instanceof Normalized.Rejected, Branched.withConsumer(rejected ->
            rejected.mapValues(normalized -> ((Normalized.Rejected) normalized).deadLetter(), Named.as("dead-letter"))
                .to(topics.deadLetters(), Produced.with(KEYS, DEAD_LETTERS).withName("write-dead-letter")), "rejected"))
        .defaultBranch(Branched.withConsumer(accepted ->
            accepted.mapValues(normalized -> ((Normalized.Accepted) normalized).finding(), Named.as("finding"))
                .to(topics.findings(), Produced.with(KEYS, FINDINGS).withName("write-finding")), "accepted"));
  }

  /**
   * Remediations go through one partition to the breaker so its counts cover every instance, then come back
   * keyed by resource.
   */
  private static KStream<String, BreakerVerdict> passBreaker(
      StreamsBuilder builder, RedressConfig config, KStream<String, Decision> remediations) {
    // In memory: at most a threshold's worth of admissions per scope and one state per scope, restored from their
    // changelogs in moments, and no on-disk state that exactly-once would distrust after every crash.
    builder.addStateStore(Stores.windowStoreBuilder(
        Stores.inMemoryWindowStore(BREAKER_ADMISSIONS_STORE, config.breaker().window(), config.breaker().window(), true),
        KEYS, Serdes.String()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(BREAKER_STATES_STORE), KEYS, BREAKER_STATES));
    return remediations
        .selectKey((key, decision) -> BreakerStep.ROUTE, Named.as("route-to-breaker"))
        .repartition(Repartitioned.<String, Decision>as("breaker").withNumberOfPartitions(1)
            .withKeySerde(KEYS).withValueSerde(DECISIONS))
        .process(() -> new BreakerStep(config.breaker(), BREAKER_ADMISSIONS_STORE, BREAKER_STATES_STORE),
            Named.as("breaker"), BREAKER_ADMISSIONS_STORE, BREAKER_STATES_STORE);
  }

  /**
   * A person's reset reaches the breaker's one-partition task through a one-partition repartition of its own:
   * sharing the states store puts its processor in the breaker's task, whatever the partitions of the topic people
   * write to. The closed state is published like every other change.
   */
  private static void applyBreakerResets(StreamsBuilder builder, Topics topics, BrokerTime time) {
    builder.stream(topics.breakerCommands(), Consumed.with(KEYS, BREAKER_RESETS).withTimestampExtractor(time)
            .withName("read-breaker-resets"))
        .selectKey((key, reset) -> BreakerStep.ROUTE, Named.as("route-reset-to-breaker"))
        .repartition(Repartitioned.<String, BreakerReset>as("breaker-resets").withNumberOfPartitions(1)
            .withKeySerde(KEYS).withValueSerde(BREAKER_RESETS))
        .process(() -> new BreakerResetStep(BREAKER_STATES_STORE), Named.as("breaker-reset"), BREAKER_STATES_STORE)
        .to(topics.breaker(), Produced.with(KEYS, BREAKER_STATES).withName("write-breaker-reset"));
  }
}
