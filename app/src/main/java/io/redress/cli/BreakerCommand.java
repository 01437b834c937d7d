package io.redress.cli;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.BreakerReset;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Resolution;
import io.redress.decision.Approvals;
import io.redress.operations.BreakerResets;
import io.redress.operations.HeldCommands.Selection;
import io.redress.operations.HeldCommands.Selection.Holds;
import io.redress.operations.HeldQueue;
import io.redress.operations.InvalidInput;
import io.redress.operations.TopicScan;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "breaker", mixinStandardHelpOptions = true,
    description = {"Shows the circuit breaker, releases or discards the commands it held, and resets it.",
        "Exit status: 0 done, 2 bad input or no reachable Kafka."},
    subcommands = {BreakerCommand.Status.class, BreakerCommand.Release.class, BreakerCommand.Discard.class,
        BreakerCommand.Reset.class})
final class BreakerCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Shows each breaker scope's state and how many held commands wait on it.")
  static final class Status extends ClusterCommand {

    @Override
    public Integer call() {
      KafkaSettings kafka = kafka();
      TopicScan.Latest<BreakerState> latest = BreakerResets.states(kafka);
      Map<String, BreakerState> states = new TreeMap<>(latest.values());
      HeldQueue queue = HeldQueue.read(kafka);
      Map<String, Integer> pending = new TreeMap<>(queue.pendingByScope());
      pending.keySet().removeIf(Approvals::isApproval);
      PrintWriter out = out();
      TreeSet<String> scopes = new TreeSet<>(states.keySet());
      scopes.addAll(pending.keySet());
      int approvals = queue.pendingApprovals().size();
      if (scopes.isEmpty()) {
        out.println("No breaker has tripped and nothing is held.");
        printApprovals(out, approvals);
        printUnreadable(out, latest.undecodable(), queue);
        return 0;
      }
      Instant now = Instant.now();
      out.printf("%-28s %-8s %-8s %-9s %s%n", "SCOPE", "STATE", "COUNT", "HELD", "SINCE / CLOSES BY ITSELF");
      for (String scope : scopes) {
        Optional<BreakerState> state = Optional.ofNullable(states.get(scope));
        out.printf("%-28s %-8s %-8s %-9d %s%n", Text.safe(scope),
            state.map(Status::state).orElse("CLOSED"),
            state.map(s -> s.getCount() + "/" + s.getThreshold()).orElse("-"), pending.getOrDefault(scope, 0),
            state.map(s -> timing(s, now)).orElse("-"));
      }
      int held = queue.pending().size() - approvals;
      out.printf("%d held command%s pending; %d released or discarded.%n", held, held == 1 ? "" : "s",
          queue.resolutions().size());
      if (held > 0) {
        out.println("To release or discard what a scope held: ./redress breaker release|discard --scope SCOPE"
            + " --expect HELD");
      }
      printApprovals(out, approvals);
      printUnreadable(out, latest.undecodable(), queue);
      return 0;
    }

    /** What this version cannot read is named, never left out of the counts silently. */
    private static void printUnreadable(PrintWriter out, Set<String> scopes, HeldQueue queue) {
      if (!scopes.isEmpty()) {
        out.printf("The state of %s cannot be read by this version (written by a newer one, or by hand).%n",
            scopes.stream().map(Text::safe).collect(Collectors.joining(", ")));
      }
      if (!queue.unreadableResolutions().isEmpty()) {
        out.printf("%d held command%s decided by a record this version cannot read, never released from here: %s%n",
            queue.unreadableResolutions().size(), queue.unreadableResolutions().size() == 1 ? "" : "s",
            queue.unreadableResolutions().stream().sorted().map(Text::safe).collect(Collectors.joining(", ")));
      }
      if (!queue.unreadableHeld().isEmpty()) {
        out.printf("%d held record%s cannot be read by this version, so not counted above (at %s): show, release or"
            + " discard them with the version that wrote them.%n", queue.unreadableHeld().size(),
            queue.unreadableHeld().size() == 1 ? "" : "s", String.join(", ", queue.unreadableHeld()));
      }
    }

    private static void printApprovals(PrintWriter out, int approvals) {
      if (approvals > 0) {
        out.printf("%d command%s await%s approval: ./redress approvals list%n", approvals, approvals == 1 ? "" : "s",
            approvals == 1 ? "s" : "");
      }
    }

    private static String state(BreakerState state) {
      return state.getHalfOpenSince() != null ? "HALF-OPEN" : state.getStatus().name();
    }

    private static String timing(BreakerState state, Instant now) {
      if (state.getStatus() != BreakerStatus.OPEN) {
        return "closed " + state.getUpdatedAt()
            + (state.getResetBy() != null ? " (reset by " + Text.safe(state.getResetBy()) + ")" : "");
      }
      Instant reopens = state.getReopensAt();
      String next = state.getHalfOpenSince() != null ? "trial ends " : "";
      String closes = now.isBefore(reopens) ? reopens + " (in " + Text.timeLeft(now, reopens) + ")"
          : reopens + " (passed: " + (state.getHalfOpenSince() != null ? "closes" : "moves on")
              + " at the next command)";
      return (state.getHalfOpenSince() != null ? "half-open " + state.getHalfOpenSince() : "open "
          + state.getOpenedAt()) + " / " + next + closes;
    }
  }

  /** Which held commands: a scope, one command, or all. */
  static final class Target {
    @Option(names = "--scope", paramLabel = "SCOPE",
        description = "Every command held by this breaker scope: global, account:<id> or control:<id>"
            + " (with --expect).")
    String scope;
    @Option(names = "--command", paramLabel = "ID", description = "One command the breaker held, by its id (one"
        + " awaiting approval is left to ./redress approvals).")
    String commandId;
    @Option(names = "--all", description = "Every command the breaker held (with --expect; commands awaiting"
        + " approval are left to ./redress approvals).")
    boolean all;

    Selection selection() {
      if (scope != null) {
        return Selection.scope(scope);
      }
      return commandId != null ? Selection.command(commandId, Holds.BREAKER) : Selection.all(Holds.BREAKER);
    }
  }

  /** A decision on a scope or on every held command names how many commands it saw ({@link #asSeen}). */
  abstract static class Resolve extends HeldDecision {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Override
    Selection selection() {
      Optional<String> many = target.commandId != null ? Optional.empty()
          : Optional.of(target.all ? "--all" : "--scope " + Text.safe(target.scope));
      return asSeen(target.selection(), many, "./redress breaker status");
    }

    @Override
    HeldReport.Words words() {
      return HeldReport.Words.BREAKER;
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

  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = {"Closes an open breaker scope at once: it admits commands again and counts afresh.",
          "Who and why are recorded on its state. The commands it held stay held: release or discard them."})
  static final class Reset extends ClusterCommand {
    /** How long a reset waits to see the breaker close the scope. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Parameters(paramLabel = "SCOPE", description = "The open scope: global, account:<id> or control:<id>.")
    String scope;
    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
        description = "Who resets it (default: your login name).")
    String by;
    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why it may act again.")
    String reason;

    @Override
    public Integer call() {
      BreakerReset request = BreakerResets.request(scope, by, reason);
      BreakerResets.Outcome outcome = BreakerResets.reset(kafka(), request, WAIT);
      PrintWriter out = out();
      if (outcome instanceof BreakerResets.Outcome.NotOpen notOpen) {
        out.printf("%s is not open%s; nothing to reset.%n", Text.safe(notOpen.scope()),
            notOpen.state().map(state -> " (closed " + state.getUpdatedAt() + ")").orElse(""));
      } else if (outcome instanceof BreakerResets.Outcome.Closed closed) {
        out.printf("Reset %s: closed at %s by %s.%n", Text.safe(closed.state().getScope()),
            closed.state().getUpdatedAt(), Text.safe(closed.state().getResetBy()));
      } else if (outcome instanceof BreakerResets.Outcome.Sent sent) {
        out.printf("Reset of %s sent; it is not closed yet. The streams role closes it when it reads the request:"
            + " check with ./redress breaker status.%n", Text.safe(sent.scope()));
      }
      return 0;
    }
  }
}
