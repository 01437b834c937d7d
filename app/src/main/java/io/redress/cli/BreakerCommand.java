package io.redress.cli;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.Topics;
import io.redress.operations.HeldCommands;
import io.redress.operations.HeldCommands.Selection;
import io.redress.operations.HeldQueue;
import io.redress.operations.TopicScan;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "breaker", mixinStandardHelpOptions = true,
    description = {"Shows the circuit breaker and releases or discards the commands it held.",
        "Exit status: 0 done, 2 bad input or no reachable Kafka."},
    subcommands = {BreakerCommand.Status.class, BreakerCommand.Release.class, BreakerCommand.Discard.class})
final class BreakerCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Shows each breaker scope's state and how many held commands wait on it.")
  static final class Status implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOption cluster;

    @Override
    public Integer call() {
      KafkaSettings kafka = cluster.kafka(cluster.load());
      AvroSerde<BreakerState> serde = AvroSerde.of(BreakerState.class);
      Map<String, BreakerState> states = new TreeMap<>(TopicScan.latestByKey(kafka, Topics.BREAKER,
          TopicScan.skippingUndecodable(serde.deserializer())));
      HeldQueue queue = HeldQueue.read(kafka);
      Map<String, Integer> pending = queue.pendingByScope();
      PrintWriter out = spec.commandLine().getOut();
      TreeSet<String> scopes = new TreeSet<>(states.keySet());
      scopes.addAll(pending.keySet());
      if (scopes.isEmpty()) {
        out.println("No breaker has tripped and nothing is held.");
        return 0;
      }
      Instant now = Instant.now();
      out.printf("%-28s %-8s %-8s %-9s %s%n", "SCOPE", "STATE", "COUNT", "HELD", "SINCE / CLOSES BY ITSELF");
      for (String scope : scopes) {
        Optional<BreakerState> state = Optional.ofNullable(states.get(scope));
        out.printf("%-28s %-8s %-8s %-9d %s%n", Text.safe(scope),
            state.map(s -> s.getStatus().name()).orElse("CLOSED"),
            state.map(s -> s.getCount() + "/" + s.getThreshold()).orElse("-"), pending.getOrDefault(scope, 0),
            state.map(s -> timing(s, now)).orElse("-"));
      }
      out.printf("%d held command%s pending; %d released or discarded.%n", queue.pending().size(),
          queue.pending().size() == 1 ? "" : "s", queue.resolutions().size());
      return 0;
    }

    private static String timing(BreakerState state, Instant now) {
      if (state.getStatus() != BreakerStatus.OPEN) {
        return "closed " + state.getUpdatedAt();
      }
      Instant reopens = state.getReopensAt();
      String closes = now.isBefore(reopens) ? reopens + " (in " + Text.timeLeft(now, reopens) + ")"
          : reopens + " (passed: closes at the next command)";
      return "open " + state.getOpenedAt() + " / " + closes;
    }
  }

  /** Which held commands: a scope, one command, or all. */
  static final class Target {
    @Option(names = "--scope", paramLabel = "SCOPE",
        description = "Every command held by this breaker scope: global, account:<id> or control:<id>.")
    String scope;
    @Option(names = "--command", paramLabel = "ID", description = "One held command, by its id.")
    String commandId;
    @Option(names = "--all", description = "Every held command.")
    boolean all;

    Selection selection() {
      if (scope != null) {
        return Selection.scope(scope);
      }
      return commandId != null ? Selection.command(commandId) : Selection.all();
    }
  }

  abstract static class Resolve implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOption cluster;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;
    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
        description = "Who decides, recorded with each command (default: your login name).")
    String by;

    abstract Resolution resolution();

    Optional<String> reason() {
      return Optional.empty();
    }

    @Override
    public Integer call() {
      Selection selection = target.selection();
      HeldCommands.Outcome outcome = HeldCommands.resolve(cluster.kafka(cluster.load()), selection, resolution(), by,
          reason(), Instant.now());
      PrintWriter out = spec.commandLine().getOut();
      String verb = resolution() == Resolution.RELEASED ? "Released" : "Discarded";
      for (RemediationCommand command : outcome.resolved()) {
        out.printf("%s %s: %s on %s (held by %s)%n", verb, Text.safe(command.getCommandId()), Text.safe(command.getAction()),
            Text.safe(command.getResource().getId()), Text.safe(command.getHeldBy()));
      }
      for (HeldResolution earlier : outcome.earlier()) {
        out.printf("Left alone %s: already %s by %s at %s%n", Text.safe(earlier.getCommandId()),
            earlier.getResolution().name().toLowerCase(Locale.ROOT), Text.safe(earlier.getBy()),
            earlier.getAt());
      }
      out.printf("%s %d command%s (%s); %d already decided before.%n", verb, outcome.resolved().size(),
          outcome.resolved().size() == 1 ? "" : "s", selection, outcome.earlier().size());
      return 0;
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true,
      description = {"Sends held commands to the executors, each exactly once however often this is repeated.",
          "The executor checks exceptions again before it acts; the breaker does not count them."})
  static final class Release extends Resolve {
    @Override
    Resolution resolution() {
      return Resolution.RELEASED;
    }
  }

  @Command(name = "discard", mixinStandardHelpOptions = true,
      description = "Discards held commands: they are never executed, and who discarded them is recorded.")
  static final class Discard extends Resolve {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded with each command.")
    String reason;

    @Override
    Resolution resolution() {
      return Resolution.DISCARDED;
    }

    @Override
    Optional<String> reason() {
      return Optional.ofNullable(reason).filter(text -> !text.isBlank());
    }
  }
}
