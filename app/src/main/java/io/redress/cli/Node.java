package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import io.redress.notification.Notifier;
import io.redress.remediation.ExecutorRole;
import io.redress.remediation.RemediationCatalogue;
import io.redress.topology.StreamsRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Redress process: the embedded broker when no cluster is configured, the topics, and the chosen
 * roles. Closing it stops everything it started, in reverse order, so no broker process outlives it.
 */
final class Node implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Node.class);
  /** Partitions of each topic on the embedded broker: enough to show per-resource ordering across partitions. */
  private static final int EMBEDDED_PARTITIONS = 3;

  private final RedressConfig config;
  private final Deque<Part> started = new ArrayDeque<>();
  private final Optional<EmbeddedBroker> broker;
  private Optional<StreamsRole> streams = Optional.empty();

  private Node(RedressConfig config, Optional<EmbeddedBroker> broker) {
    this.config = config;
    this.broker = broker;
  }

  /** Connects to the configured cluster, or starts the embedded broker, and makes sure every topic exists. */
  static Node connect(RedressConfig configured, Path dataDir, Path brokerClasspath) {
    if (configured.kafka().bootstrapServers().isPresent()) {
      Node node = new Node(configured, Optional.empty());
      try (Admin admin = Admin.create(node.config.kafka().clientProperties())) {
        new TopicProvisioner(admin).provision();
      }
      return node;
    }
    EmbeddedBroker broker = EmbeddedBroker.start(brokerClasspath, dataDir.resolve("broker"));
    Node node = new Node(configured.withBootstrapServers(broker.bootstrapServers()), Optional.of(broker));
    node.started.push(new Part("embedded broker", broker));
    try {
      try (Admin admin = Admin.create(node.config.kafka().clientProperties())) {
        new TopicProvisioner(admin, EMBEDDED_PARTITIONS, (short) 1).provision();
      }
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  RedressConfig config() {
    return config;
  }

  Optional<EmbeddedBroker> broker() {
    return broker;
  }

  void start(Set<Role> roles, RemediationCatalogue catalogue, Path dataDir) {
    if (roles.contains(Role.STREAMS)) {
      StreamsRole role = new StreamsRole(config, catalogue, dataDir.resolve("streams"));
      started.push(new Part("decision topology", role));
      role.start();
      streams = Optional.of(role);
    }
    if (roles.contains(Role.EXECUTOR)) {
      ExecutorRole executor = new ExecutorRole(config.kafka(), config, catalogue);
      startThread("executor", executor);
    }
    if (roles.contains(Role.NOTIFIER)) {
      Notifier notifier = new Notifier(config);
      startThread("notifier", notifier);
    }
  }

  <T extends Runnable & AutoCloseable> void startThread(String name, T role) {
    Thread thread = new Thread(role, "redress-" + name);
    started.push(new Part(name, () -> {
      role.close();
      thread.join(Duration.ofSeconds(15).toMillis());
    }));
    thread.start();
  }

  /** Waits until the decision topology processes; true at once when this node runs no topology. */
  boolean awaitRunning(Duration timeout) throws InterruptedException {
    return streams.isEmpty() || streams.get().awaitRunning(timeout);
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      Part part = started.pop();
      long begin = System.nanoTime();
      try {
        part.stoppable().close();
        log.info("stopped the {} in {} ms", part.name(), (System.nanoTime() - begin) / 1_000_000);
      } catch (Exception e) {
        log.warn("error while stopping the {}", part.name(), e);
      }
    }
  }

  private record Part(String name, AutoCloseable stoppable) {
  }
}
