package io.redress.cli;

import io.redress.audit.AuditPrinter;
import io.redress.config.HttpSettings;
import io.redress.config.RedressConfig;
import io.redress.http.HttpRole;
import io.redress.ingest.FindingNormalizer;
import io.redress.notification.ChannelRegistry;
import io.redress.remediation.RemediationCatalogue;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
        "Runs Redress until stopped (Ctrl-C).",
        "Uses the cluster in kafka.bootstrap-servers (or REDRESS_KAFKA_BOOTSTRAP_SERVERS); without one, starts an"
            + " embedded single-node broker."})
final class RunCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Mixin
  BrokerClasspathOption brokerClasspath;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".redress",
      description = "Where the embedded broker and the topology keep their state (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--roles", split = ",", paramLabel = "ROLE",
      description = "Roles to run, comma-separated: ${COMPLETION-CANDIDATES} (default: all).")
  List<Role> roles = List.of(Role.values());

  @Option(names = "--print-audit",
      description = "Also print every decision, dead letter, held command, breaker change and result committed from"
          + " this run's start on (the history before it: `redress audit`).")
  boolean printAudit;

  @Override
  public Integer call() throws Exception {
    RedressConfig loaded = config.load();
    if (roles.contains(Role.STREAMS)) {
      FindingNormalizer.of(loaded.ingest()); // the webhook mapping files, checked before anything starts
    }
    if (roles.contains(Role.HTTP)) {
      loaded.http().requireSecrets(); // loading the file leaves them unchecked: only this role needs them
    }
    if (roles.contains(Role.NOTIFIER)) {
      // A channel's settings are checked when it opens; open them once now, so that a mistake stops the start with
      // the key named instead of failing the notifier until its restart budget runs out.
      ChannelRegistry.open(loaded.notifications()).close();
    }
    if (loaded.kafka().bootstrapServers().isPresent()) {
      return run(loaded);
    }
    // Before the embedded broker starts, which stops a broker left on the directory: it must not stop the one of a
    // Redress still running there.
    try (DataDirectoryLock held = DataDirectoryLock.claim(dataDir)) {
      return run(loaded);
    }
  }

  private int run(RedressConfig loaded) throws Exception {
    if (roles.contains(Role.HTTP)) {
      // Before the broker and the roles start: a taken port would otherwise fail the http role after the banner,
      // and again at each restart, until its budget stops Redress half a minute later.
      HttpRole.requireFreePort(loaded.http());
    }
    Node node = Node.connect(loaded, dataDir, brokerClasspath.file);
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "redress-shutdown"));
    // Before the roles start: what they write is this run's to print; what came before is history (`audit`).
    Optional<AuditPrinter.Start> fromThisRun = printAudit
        ? Optional.of(AuditPrinter.Start.endsNow(node.config().kafka().consumerProperties(),
            node.config().kafka().topics()))
        : Optional.empty();
    node.start(EnumSet.copyOf(roles), RemediationCatalogue.discover(), dataDir);
    if (fromThisRun.isPresent()) {
      node.supervise("audit printer", () -> new AuditPrinter(node.config().kafka().consumerProperties(),
          node.config().kafka().topics(), fromThisRun.get(), System.out));
    }
    System.out.printf("Redress is running (%s) against %s. Ctrl-C stops it.%n", roles,
        node.config().kafka().bootstrapServers().orElseThrow());
    if (roles.contains(Role.HTTP)) {
      HttpSettings http = node.config().http();
      System.out.printf("Webhooks: POST http://%s:%d/findings/{source} for %s.%n", http.bind(), http.port(),
          http.sources().isEmpty() ? "no source yet (http.sources)" : "sources " + http.sources().keySet());
      http.managementPort().ifPresent(port -> System.out.printf(
          "Probes and /metrics: http://%s:%d/health/ready, /metrics.%n", http.bind(), port));
    }
    // Runs until Ctrl-C (the shutdown hook stops every role), or until a role fails for good: then the process
    // stops with the error rather than staying up with a dead role that a health check could not see.
    String failure = node.failure().get();
    System.err.println("redress: " + failure + ". Stopping.");
    node.close();
    return 1;
  }
}
