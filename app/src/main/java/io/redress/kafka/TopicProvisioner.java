package io.redress.kafka;

import io.redress.config.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.Collection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.TimestampType;

/**
 * Creates every Redress topic that is missing, and refuses to go on when a topic is set up so that records still
 * in force would be lost or a record's time could be forged.
 *
 * <p>Safe to run at every start and from several instances at once: existing topics are left as they are, and a
 * topic another instance created in the meantime counts as created.
 */
public final class TopicProvisioner {
  private static final String COMPACT_ONLY = TopicConfig.CLEANUP_POLICY_COMPACT;
  private static final String LOG_APPEND_TIME = TimestampType.LOG_APPEND_TIME.name;
  /** How long one provisioning may wait for the cluster to show the topics it has just created. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Admin admin;
  private final Topics names;
  private final Optional<Integer> partitions;
  private final Optional<Short> replicationFactor;
  private final Optional<Duration> auditRetention;

  public TopicProvisioner(Admin admin, Topics names, int partitions, short replicationFactor) {
    if (partitions < 1 || replicationFactor < 1) {
      throw new IllegalArgumentException("partitions and replication factor must be at least 1, were "
          + partitions + " and " + replicationFactor);
    }
    this.admin = admin;
    this.names = names;
    this.partitions = Optional.of(partitions);
    this.replicationFactor = Optional.of(replicationFactor);
    this.auditRetention = Optional.empty();
  }

  /** Creates topics with the given partitions and the cluster's default replication factor. */
  public TopicProvisioner(Admin admin, Topics names, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, were " + partitions);
    }
    this.admin = admin;
    this.names = names;
    this.partitions = Optional.of(partitions);
    this.replicationFactor = Optional.empty();
    this.auditRetention = Optional.empty();
  }

  private TopicProvisioner(TopicProvisioner other, Optional<Duration> auditRetention) {
    this.admin = other.admin;
    this.names = other.names;
    this.partitions = other.partitions;
    this.replicationFactor = other.replicationFactor;
    this.auditRetention = auditRetention;
  }

  /**
   * The same provisioning, creating the {@link Topics#auditTrail()} topics to keep their records this long; by
   * default (empty) they keep them for ever. Existing topics keep their retention.
   */
  public TopicProvisioner keepingAuditTrail(Optional<Duration> retention) {
    return new TopicProvisioner(this, retention);
  }

  /**
   * Creates the missing topics of {@link Topics#all()}, the {@link Topics#compacted()} ones compacted and the
   * {@link Topics#brokerStamped()} ones stamped by the broker, waits until the cluster shows them, then checks that
   * every such topic really is set up so.
   *
   * @return the topics this call created
   * @throws KafkaSetupException if a topic is set up in a way Redress must not run on, the cluster refuses a
   *     topic, or it does not show the new topics within {@link #PATIENCE}
   */
  public List<String> provision() {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    List<NewTopic> missing = names.all().stream()
        .filter(topic -> !existing.contains(topic))
        .map(this::newTopic)
        .toList();
    Map<String, KafkaFuture<Void>> creations = admin.createTopics(missing).values();
    List<String> created = creations.entrySet().stream()
        .filter(creation -> createdHere(creation.getKey(), creation.getValue()))
        .map(Map.Entry::getKey)
        .toList();
    awaitVisible(missing.stream().map(NewTopic::name).toList(), new Retry(deadline));
    Map<String, Config> configs = describeConfigs(checkedTopics(), new Retry(deadline));
    requireCompaction(configs);
    requireBrokerTimestamps(configs);
    requireSamePartitions(names.decisions(), names.remediationResults(), "a lesson waits for its command's result,"
        + " and a decision and its result meet only on the same partition number");
    requireSamePartitions(names.findings(), names.decisions(), "the decisions of each partition are linked into its"
        + " hash chain by the one task that reads the findings partition of the same number");
    requireSamePartitions(names.remediations(), names.remediationResults(), "each result is linked into the hash chain"
        + " of its command's partition number, by the one executor that reads that command partition");
    return created;
  }

  /**
   * Topics keyed by resource whose partitions must correspond one to one. The topology pairs a command's decision
   * with its result to send the lesson after the result: both are read by one task per partition number, so they
   * meet only when both topics have as many partitions, otherwise lessons would silently never be sent. And the hash
   * chain of a partition needs one writer: the decisions of partition p are chained by the task of findings
   * partition p, the results of partition p by the executor of command partition p.
   */
  private void requireSamePartitions(String first, String second, String why) {
    Map<String, TopicDescription> described = await(admin.describeTopics(List.of(first, second)).allTopicNames(),
        "describe topics " + first + " and " + second);
    int firstCount = described.get(first).partitions().size();
    int secondCount = described.get(second).partitions().size();
    if (firstCount != secondCount) {
      String smaller = firstCount < secondCount ? first : second;
      throw new KafkaSetupException("Topics " + first + " (" + firstCount + " partitions) and " + second + " ("
          + secondCount + " partitions) must have the same number of partitions: " + why + ". Change it with"
          + " kafka-topics.sh --alter --topic " + smaller + " --partitions " + Math.max(firstCount, secondCount));
    }
  }

  /**
   * On the broker Redress runs itself, {@link Topics#brokerStamped()} topics from a version that did not yet have them
   * stamped by the broker are switched over instead of refused: nothing else writes to that broker, and its user has no Kafka admin
   * tools at hand to do it. Call it before {@link #provision()}.
   */
  public void stampExistingFindingsTopicsOfOwnBroker() {
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (String topic : names.brokerStamped()) {
      if (existing.contains(topic)) {
        changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
            new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, LOG_APPEND_TIME), AlterConfigOp.OpType.SET)));
      }
    }
    if (!changes.isEmpty()) {
      List<String> topics = changes.keySet().stream().map(ConfigResource::name).toList();
      await(admin.incrementalAlterConfigs(changes).all(), "have the broker stamp the topics " + topics);
      awaitStamped(topics);
    }
  }

  /**
   * A changed topic configuration shows in describeConfigs a moment after the change returned (the broker applies
   * it from the metadata log), and {@link #provision()} would refuse the topic it reads unchanged.
   */
  private void awaitStamped(List<String> topics) {
    Retry retry = new Retry(System.nanoTime() + PATIENCE.toNanos());
    String what = "see the topics " + topics + " stamped by the broker";
    while (!describeConfigs(topics, retry).values().stream().allMatch(config ->
        LOG_APPEND_TIME.equals(valueOf(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "")))) {
      if (!retry.pause(what)) {
        throw new KafkaSetupException("Could not " + what + " within " + PATIENCE.toSeconds() + " s");
      }
    }
  }

  private NewTopic newTopic(String name) {
    Map<String, String> configs = new HashMap<>();
    if (names.compacted().contains(name)) {
      configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, COMPACT_ONLY);
    }
    if (names.brokerStamped().contains(name)) {
      configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, LOG_APPEND_TIME);
    }
    if (names.auditTrail().contains(name)) {
      // A replay and audit verify read the trail from its start; the broker's default would delete it after 7 days.
      configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(auditRetention.map(Duration::toMillis).orElse(-1L)));
      configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
    }
    return new NewTopic(name, partitions, replicationFactor).configs(configs);
  }

  private static boolean createdHere(String topic, KafkaFuture<Void> creation) {
    try {
      creation.get();
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new KafkaSetupException(couldNot("create topic " + topic, causeOf(e)), e);
    } catch (InterruptedException e) {
      throw interrupted("create topic " + topic, e);
    }
  }

  /**
   * A creation completes on the controller before the broker answering us knows the topic: describing it at once
   * may fail with {@link UnknownTopicOrPartitionException} or show partitions without a leader. Waits until every
   * topic has its partitions, each with a leader.
   */
  private void awaitVisible(List<String> topics, Retry retry) {
    if (topics.isEmpty()) {
      return;
    }
    Set<String> pending = notYetVisible(topics);
    while (!pending.isEmpty()) {
      if (!retry.pause("wait for new topics")) {
        throw new KafkaSetupException("Created topics " + pending + " but the cluster did not show them with their"
            + " partitions and leaders within " + PATIENCE.toSeconds() + " s; is the cluster healthy?");
      }
      pending = notYetVisible(topics);
    }
  }

  private Set<String> notYetVisible(List<String> topics) {
    Set<String> pending = new TreeSet<>();
    admin.describeTopics(topics).topicNameValues().forEach((topic, description) -> {
      if (!visible(topic, description)) {
        pending.add(topic);
      }
    });
    return pending;
  }

  private static boolean visible(String topic, KafkaFuture<TopicDescription> description) {
    try {
      TopicDescription described = description.get();
      return !described.partitions().isEmpty() && described.partitions().stream()
          .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new KafkaSetupException(couldNot("describe topic " + topic, causeOf(e)), e);
    } catch (InterruptedException e) {
      throw interrupted("describe topic " + topic, e);
    }
  }

  private List<String> checkedTopics() {
    return List.copyOf(Stream.concat(names.compacted().stream(), names.brokerStamped().stream())
        .collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  /** Retries while a broker does not know a topic yet: one that another instance just created, for instance. */
  private Map<String, Config> describeConfigs(List<String> topics, Retry retry) {
    List<ConfigResource> resources = topics.stream()
        .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
        .toList();
    String what = "describe the configuration of topics " + topics;
    while (true) {
      try {
        return admin.describeConfigs(resources).all().get().entrySet().stream()
            .collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || !retry.pause(what)) {
          throw new KafkaSetupException(couldNot(what, causeOf(e)), e);
        }
      } catch (InterruptedException e) {
        throw interrupted(what, e);
      }
    }
  }

  /**
   * Exceptions and breaker state are read as "the latest record per key is in force". Under the delete policy,
   * retention would drop records that are still in force: an approved exception would vanish and remediation
   * would silently resume on the excepted resource; a tripped breaker would close by itself.
   */
  private void requireCompaction(Map<String, Config> configs) {
    for (String topic : names.compacted()) {
      String policy = valueOf(configs.get(topic), TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_DELETE);
      if (!Set.of(COMPACT_ONLY).equals(policies(policy))) {
        throw new KafkaSetupException("Topic " + topic + " exists with cleanup.policy=" + policy
            + ", but it must be compact only: retention would delete records that are still in force (approved"
            + " exceptions, breaker trips) and remediation would silently resume where it must not. Change it with"
            + " kafka-configs.sh --alter --entity-type topics --entity-name " + topic
            + " --add-config cleanup.policy=compact");
      }
    }
  }

  /** Why: see {@link Topics#brokerStamped()}. */
  private void requireBrokerTimestamps(Map<String, Config> configs) {
    for (String topic : names.brokerStamped()) {
      String type = valueOf(configs.get(topic), TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
          TimestampType.CREATE_TIME.name);
      if (!LOG_APPEND_TIME.equals(type)) {
        throw notBrokerStamped(names, topic, type);
      }
    }
  }

  static KafkaSetupException notBrokerStamped(Topics names, String topic, String type) {
    return new KafkaSetupException("Topic " + topic + " exists with message.timestamp.type=" + type
        + ", but it must be " + LOG_APPEND_TIME + ": Redress takes the time of each record of " + topic
        + " as the time it entered Kafka, and under " + type + " that time is whatever the producer claims. "
        + whatItsTimeDecides(names, topic) + " Change it with kafka-configs.sh --alter --entity-type topics"
        + " --entity-name " + topic + " --add-config message.timestamp.type=" + LOG_APPEND_TIME);
  }

  private static String whatItsTimeDecides(Topics names, String topic) {
    if (topic.equals(names.exceptions())) {
      return "The audit and what-if date each exception by that time: one published claiming a time 60 days back"
          + " would show as in force over decisions it never covered.";
    }
    if (topic.equals(names.lessonsAddressed())) {
      return "A recipient's digest windows open at the times of its lessons: a lesson dated in year 99999 would open"
          + " a window that never ends, holding the recipient's later lessons back until a full digest gathers.";
    }
    return "Every finding is judged at that time (exception expiry, cool-down, the breaker window): a record dated"
        + " in year 99999 would make every exception look expired, one dated back would fall under exceptions long"
        + " expired.";
  }

  private static String valueOf(Config config, String name, String absent) {
    ConfigEntry entry = config == null ? null : config.get(name);
    return entry == null || entry.value() == null ? absent : entry.value();
  }

  private static Set<String> policies(String policy) {
    return Arrays.stream(policy.split(",")).map(String::strip).collect(Collectors.toSet());
  }

  /**
   * "Could not {@code what}: why", where why is the cause's message, or its class name when it has none: Kafka's
   * errors often carry an empty message, and "Could not describe topic configs: " tells nobody anything.
   */
  static String couldNot(String what, Throwable cause) {
    String message = cause.getMessage();
    String why = message == null || message.isBlank() ? cause.getClass().getName() : message.strip();
    return "Could not " + what + ": " + why;
  }

  private static Throwable causeOf(ExecutionException e) {
    return e.getCause() == null ? e : e.getCause();
  }

  private static KafkaSetupException interrupted(String what, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new KafkaSetupException("Interrupted while trying to " + what, e);
  }

  private static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new KafkaSetupException(couldNot(what, causeOf(e)), e);
    } catch (InterruptedException e) {
      throw interrupted(what, e);
    }
  }

  /** Pauses between attempts, from a short wait doubling up to a second, until one deadline for all of them. */
  private static final class Retry {
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 1_000;

    private final long deadline;
    private long pauseMillis = FIRST_PAUSE_MILLIS;

    Retry(long deadline) {
      this.deadline = deadline;
    }

    /** Waits before the next attempt; false, at once, when the deadline would pass before it. */
    boolean pause(String what) {
      if (System.nanoTime() + Duration.ofMillis(pauseMillis).toNanos() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        throw interrupted(what, e);
      }
      pauseMillis = Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS);
      return true;
    }
  }
}
