package io.redress.chaos;

import io.redress.chaos.Verdict.RunFacts;
import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One chaos run: a broker, Redress as a process, the phases of abuse (kills, a broker restart, hostile input) each
 * waited out until its inputs are accounted for, then a clean stop of Redress and the audit. A phase that stalls
 * ends the abuse: the phases after it are skipped and said to be.
 *
 * <p>Every process it starts is stopped when it returns or throws, and by a shutdown hook if the JVM is stopped
 * first; every wait has a deadline.
 */
final class ChaosRun {

  private static final Duration SHUTDOWN = Duration.ofSeconds(60);
  private static final Duration READ_TO_END = Duration.ofSeconds(60);

  private final ChaosOptions options;
  private final PrintStream log;
  private final ChaosEvents events = new ChaosEvents();
  private final InputLedger ledger = new InputLedger();
  private final Observations observations = new Observations();

  ChaosRun(ChaosOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  ChaosReport execute() {
    Instant startedAt = Instant.now();
    long startNanos = System.nanoTime();
    Path work = freshWorkDir();
    BrokerControl broker = new BrokerControl(options.brokerClasspath(), work.resolve("broker"));
    RedressProcess redress = new RedressProcess(options, broker.bootstrapServers(), work, events);
    Thread cleanup = new Thread(() -> stopAll(redress, broker), "chaos-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    Optional<Integer> exitCode;
    List<String> skipped;
    try {
      broker.start();
      try (KafkaClients kafka = KafkaClients.connect(broker.bootstrapServers(), ledger, observations)) {
        Conductor conductor = new Conductor(options, redress, kafka, ledger, observations, events, log, startNanos);
        conductor.say("seed %d (rerun with --seed %d); broker on %s; work directory %s", options.seed(),
            options.seed(), broker.bootstrapServers(), work);
        new TopicProvisioner(kafka.admin(), Topics.UNPREFIXED, KafkaClients.PARTITIONS, (short) 1).provision();
        kafka.watcher().start();
        conductor.launch();
        skipped = abuse(new Phases(options, conductor, kafka.feeder(), events), broker);
        if (skipped.isEmpty()) {
          Deadline.sleep(options.settle());
        }
        exitCode = stop(redress, kafka);
      }
    } finally {
      stopAll(redress, broker);
      removeHook(cleanup);
    }
    Outputs outputs = observations.snapshot();
    RunFacts facts = new RunFacts(startedAt, Conductor.seconds(startNanos), events, redress.launches(), exitCode,
        redress.peakRssKiB(), ledger.refused(), skipped);
    return Verdict.judge(options, new Audit(ledger.accepted(), outputs), outputs, facts);
  }

  /** Runs the phases in order until one stalls; returns the phases skipped after it. */
  private List<String> abuse(Phases phases, BrokerControl broker) {
    List<String> names = new ArrayList<>();
    List<BooleanSupplier> steps = new ArrayList<>();
    names.add("kills");
    steps.add(phases::kills);
    if (options.brokerRestart()) {
      names.add("broker");
      steps.add(() -> phases.brokerRestart(broker));
    }
    names.add("fuzz");
    steps.add(phases::fuzz);
    for (int i = 0; i < steps.size(); i++) {
      if (!steps.get(i).getAsBoolean()) {
        return List.copyOf(names.subList(i + 1, names.size()));
      }
    }
    return List.of();
  }

  /** SIGTERM, as an orchestrator would stop it, then every output it committed is read. */
  private Optional<Integer> stop(RedressProcess redress, KafkaClients kafka) {
    events.phase("shutdown");
    Optional<Integer> exitCode = redress.terminate(SHUTDOWN);
    if (exitCode.isEmpty()) {
      events.stall("Redress did not stop within " + SHUTDOWN.toSeconds() + " s of SIGTERM", SHUTDOWN.toSeconds(), 0);
    }
    kafka.watcher().awaitCaughtUp(READ_TO_END);
    return exitCode;
  }

  private Path freshWorkDir() {
    Path work = options.workDir().toAbsolutePath().normalize();
    RedressProcess.killLeftover(work);
    EmbeddedBroker.stopLeftover(work.resolve("broker"));
    try {
      if (Files.exists(work)) {
        try (Stream<Path> paths = Files.walk(work)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Files.createDirectories(work);
      return work;
    } catch (IOException e) {
      throw new ChaosException("cannot prepare the work directory " + work + ": " + e, e);
    }
  }

  private static void stopAll(RedressProcess redress, BrokerControl broker) {
    redress.close();
    broker.close();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: nothing to remove.
    }
  }
}
