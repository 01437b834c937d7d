package io.redress.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates every Redress topic that is missing, and refuses to go on when a state topic would lose records.
 *
 * <p>Safe to run at every start and from several instances at once: existing topics are left as they are, and a
 * topic another instance created in the meantime counts as created.
 */
public final class TopicProvisioner {
  private static final String COMPACT_ONLY = TopicConfig.CLEANUP_POLICY_COMPACT;

  private final Admin admin;
  private final Optional<Integer> partitions;
  private final Optional<Short> replicationFactor;

  public TopicProvisioner(Admin admin, int partitions, short replicationFactor) {
    if (partitions < 1 || replicationFactor < 1) {
      throw new IllegalArgumentException("partitions and replication factor must be at least 1, were "
          + partitions + " and " + replicationFactor);
    }
    this.admin = admin;
    this.partitions = Optional.of(partitions);
    this.replicationFactor = Optional.of(replicationFactor);
  }

  /** Creates topics with the cluster's default partitions and replication factor. */
  public TopicProvisioner(Admin admin) {
    this.admin = admin;
    this.partitions = Optional.empty();
    this.replicationFactor = Optional.empty();
  }

  /**
   * Creates the missing topics of {@link Topics#ALL}, the {@link Topics#COMPACTED} ones compacted, then checks that
   * every compacted topic really is.
   *
   * @return the topics this call created
   * @throws KafkaSetupException if a state topic exists without compaction, or the cluster refuses a topic
   */
  public List<String> provision() {
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    List<NewTopic> missing = Topics.ALL.stream()
        .filter(topic -> !existing.contains(topic))
        .map(this::newTopic)
        .toList();
    Map<String, KafkaFuture<Void>> creations = admin.createTopics(missing).values();
    List<String> created = creations.entrySet().stream()
        .filter(creation -> createdHere(creation.getKey(), creation.getValue()))
        .map(Map.Entry::getKey)
        .toList();
    requireCompaction();
    return created;
  }

  private NewTopic newTopic(String name) {
    NewTopic topic = new NewTopic(name, partitions, replicationFactor);
    return Topics.COMPACTED.contains(name)
        ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, COMPACT_ONLY))
        : topic;
  }

  private static boolean createdHere(String topic, KafkaFuture<Void> creation) {
    try {
      creation.get();
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new KafkaSetupException("Could not create topic " + topic + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("Interrupted while creating topic " + topic, e);
    }
  }

  /**
   * Exceptions and breaker state are read as "the latest record per key is in force". Under the delete policy,
   * retention would drop records that are still in force: an approved exception would vanish and remediation
   * would silently resume on the excepted resource; a tripped breaker would close by itself.
   */
  private void requireCompaction() {
    List<ConfigResource> resources = Topics.COMPACTED.stream()
        .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
        .toList();
    Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), "describe topic configs");
    configs.forEach((resource, config) -> {
      String policy = policyOf(config);
      if (!Set.of(COMPACT_ONLY).equals(policies(policy))) {
        throw new KafkaSetupException("Topic " + resource.name() + " exists with cleanup.policy=" + policy
            + ", but it must be compact only: retention would delete records that are still in force (approved"
            + " exceptions, breaker trips) and remediation would silently resume where it must not. Change it with"
            + " kafka-configs.sh --alter --entity-type topics --entity-name " + resource.name()
            + " --add-config cleanup.policy=compact");
      }
    });
  }

  private static String policyOf(Config config) {
    ConfigEntry entry = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    return entry == null || entry.value() == null ? TopicConfig.CLEANUP_POLICY_DELETE : entry.value();
  }

  private static Set<String> policies(String policy) {
    return Arrays.stream(policy.split(",")).map(String::strip).collect(Collectors.toSet());
  }

  private static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new KafkaSetupException("Could not " + what + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("Interrupted while trying to " + what, e);
    }
  }
}
