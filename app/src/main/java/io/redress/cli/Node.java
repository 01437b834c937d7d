package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.contract.BreakerState;
import io.redress.http.HealthRoutes;
import io.redress.http.HttpRole;
import io.redress.http.HttpRoutes;
import io.redress.http.MetricsRoutes;
import io.redress.http.RawFindingPublisher;
import io.redress.http.WebhookRoutes;
import io.redress.http.console.ConsoleRoutes;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.GroupMembership;
import io.redress.kafka.TopicFollower;
import io.redress.kafka.TopicProvisioner;
import io.redress.metrics.BreakerGauges;
import io.redress.metrics.ProcessMetrics;
import io.redress.notification.Notifier;
import io.redress.remediation.ExecutorRole;
import io.redress.remediation.RemediationCatalogue;
import io.redress.topology.StreamsRole;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Redress process: the embedded broker when no cluster is configured, the topics, and the chosen
 * roles. Closing it stops everything it started, in reverse order, so no broker process outlives it.
 */
final class Node implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final RedressConfig config;
  private final Deque<Part> started = new ArrayDeque<>();
  private final Optional<EmbeddedBroker> broker;
  /**
   * Read by the health probes on the http role's threads while a role started after it (the audit printer) is added
   * on the main thread.
   */
  private final List<RoleSupervisor<?>> supervisors = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> failure = new CompletableFuture<>();
  private final ProcessMetrics metrics = new ProcessMetrics();
  private final NodeHealth nodeHealth = new NodeHealth(this::health, failure::isDone);
  private Optional<StreamsRole> streams = Optional.empty();

  private Node(RedressConfig config, Optional<EmbeddedBroker> broker) {
    this.config = config;
    this.broker = broker;
    started.push(new Part("metrics", metrics));
  }

  /** Connects to the configured cluster, or starts the embedded broker, and makes sure every topic exists. */
  static Node connect(RedressConfig configured, Path dataDir, Path brokerClasspath) {
    if (configured.kafka().bootstrapServers().isPresent()) {
      Node node = new Node(configured, Optional.empty());
      try (Admin admin = Admin.create(node.config.kafka().adminConfig())) {
        new TopicProvisioner(admin, configured.kafka().topics(), configured.kafka().partitions())
            .keepingAuditTrail(configured.audit().retention()).provision();
      }
      return node;
    }
    EmbeddedBroker broker = EmbeddedBroker.start(brokerClasspath, dataDir.resolve("broker"));
    Node node = new Node(configured.withBootstrapServers(broker.bootstrapServers()), Optional.of(broker));
    node.started.push(new Part("embedded broker", broker));
    try {
      try (Admin admin = Admin.create(node.config.kafka().adminConfig())) {
        TopicProvisioner provisioner = new TopicProvisioner(admin, configured.kafka().topics(),
            configured.kafka().partitions(), (short) 1)
            .keepingAuditTrail(configured.audit().retention());
        provisioner.stampExistingFindingsTopicsOfOwnBroker();
        provisioner.provision();
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
    String member = GroupMembership.instanceId(System.getenv(), dataDir);
    if (roles.contains(Role.STREAMS)) {
      RestartBudget budget = RestartBudget.standard();
      StreamsRole role = new StreamsRole(config, catalogue, dataDir.resolve("streams"),
          () -> budget.allowsRestart(System.currentTimeMillis()), this::giveUp);
      started.push(new Part("decision topology", role));
      started.push(new Part("topology metrics", role.bindMetrics(metrics.registry())));
      role.start();
      streams = Optional.of(role);
      followBreaker();
    }
    if (roles.contains(Role.EXECUTOR)) {
      supervise("executor", () -> new ExecutorRole(config.kafka(), config, catalogue, Optional.of(member)),
          role -> role.bindMetrics(metrics.registry()));
    }
    if (roles.contains(Role.NOTIFIER)) {
      supervise("notifier", () -> new Notifier(config, Optional.of(member)),
          role -> role.bindMetrics(metrics.registry()));
    }
    if (roles.contains(Role.HTTP)) {
      supervise("http server", this::httpRole);
    }
    nodeHealth.register(metrics.registry());
  }

  /** The breaker's state per scope as gauges, from the breaker topic, beside the topology that writes it. */
  private void followBreaker() {
    BreakerGauges gauges = new BreakerGauges(metrics.registry(), Clock.systemUTC());
    TopicFollower<BreakerState> follower = new TopicFollower<>(config.kafka(), config.kafka().topics().breaker(),
        AvroSerde.of(BreakerState.class).deserializer(), gauges::update);
    started.push(new Part("breaker gauges", follower));
    follower.start();
  }

  private HttpRole httpRole() {
    int maxRecordBytes = config.ingest().maxRecordBytes();
    RawFindingPublisher publisher = new RawFindingPublisher(config.kafka(), maxRecordBytes, config.http().ackTimeout());
    List<HttpRoutes> management = List.of(new HealthRoutes(nodeHealth::liveness, nodeHealth::readiness),
        new MetricsRoutes(metrics.registry()));
    List<HttpRoutes> routes = new ArrayList<>(List.of(
        new WebhookRoutes(config.http(), config.ingest(), publisher, Clock.systemUTC())));
    if (config.http().console().enabled()) {
      routes.add(ConsoleRoutes.start(config));
    }
    return new HttpRole(config.http(), management, routes);
  }

  /** Runs a role on its own thread, restarting a fresh instance when it fails (see {@link RoleSupervisor}). */
  <R extends Runnable & AutoCloseable> void supervise(String name, Supplier<R> role) {
    supervise(name, role, RestartBudget.standard());
  }

  /** The same, with each instance's meters bound to this node's registry while it runs. */
  private <R extends Runnable & AutoCloseable> void supervise(String name, Supplier<R> role,
      Function<R, AutoCloseable> bindMetrics) {
    track(new RoleSupervisor<>(name, role, RestartBudget.standard(), this::giveUp, bindMetrics));
  }

  <R extends Runnable & AutoCloseable> void supervise(String name, Supplier<R> role, RestartBudget budget) {
    track(new RoleSupervisor<>(name, role, budget, this::giveUp));
  }

  private void track(RoleSupervisor<?> supervisor) {
    started.push(new Part(supervisor.name(), supervisor));
    supervisors.add(supervisor);
    supervisor.start();
  }

  /** Completes with the reason when a role has failed for good: the process must then stop, not linger. */
  CompletableFuture<String> failure() {
    return failure;
  }

  /** Every role's health, for a health check; the topology's as its Kafka Streams state. */
  List<RoleHealth> health() {
    List<RoleHealth> health = new ArrayList<>();
    streams.ifPresent(role -> health.add(new RoleHealth("decision topology", switch (role.state()) {
      case CREATED, REBALANCING -> RoleHealth.State.STARTING;
      case RUNNING -> RoleHealth.State.RUNNING;
      case PENDING_ERROR, ERROR -> RoleHealth.State.FAILED;
      case PENDING_SHUTDOWN, NOT_RUNNING -> RoleHealth.State.STOPPED;
    }, 0, null)));
    supervisors.forEach(supervisor -> health.add(supervisor.health()));
    return health;
  }

  private void giveUp(String reason) {
    log.error("{}", reason);
    failure.complete(reason);
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
