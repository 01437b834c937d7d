package io.redress.cli;

import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import io.redress.operations.HeldCommands.Selection;
import io.redress.operations.HeldCommands.Selection.Holds;
import io.redress.decision.Approvals;
import io.redress.operations.HeldQueue;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Commands of controls in approval mode wait on the held topic as {@code approval:<control>}; approving one releases
 * it to the executors (which check exceptions again), denying discards it, each once however often it is asked and
 * recorded with who decided, on the same ledger as the breaker's releases.
 */
@Command(name = "approvals", mixinStandardHelpOptions = true,
    description = {"Lists, approves or denies the commands of controls in approval mode (controls.<id>.mode: approve).",
        "Exit status: 0 done, 2 bad input or no reachable Kafka."},
    subcommands = {ApprovalsCommand.ListPending.class, ApprovalsCommand.Approve.class, ApprovalsCommand.Deny.class})
final class ApprovalsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Shows every command awaiting approval, oldest first, with how long it has waited.")
  static final class ListPending extends ClusterCommand {

    @Override
    public Integer call() {
      HeldQueue queue = HeldQueue.read(kafka());
      List<RemediationCommand> pending = queue.pendingApprovals();
      PrintWriter out = out();
      List<String> unreadable = queue.unreadableResolutions().stream().sorted()
          .filter(id -> queue.held().containsKey(id) && Approvals.isApproval(queue.held().get(id).getHeldBy()))
          .map(Text::safe).toList();
      if (!unreadable.isEmpty()) {
        out.printf("Decided by a record this version cannot read, never approved from here: %s%n",
            String.join(", ", unreadable));
      }
      if (pending.isEmpty()) {
        out.println("No command awaits approval.");
        return 0;
      }
      Instant now = Instant.now();
      out.printf("%-34s %-10s %-32s %-14s %-9s %s%n", "COMMAND", "CONTROL", "ACTION", "ACCOUNT", "WAITING",
          "RESOURCE");
      for (RemediationCommand command : pending) {
        out.printf("%-34s %-10s %-32s %-14s %-9s %s%n", Text.safe(command.getCommandId()),
            Text.safe(command.getControl()), Text.safe(command.getAction()),
            Text.safe(command.getResource().getAccount()), waited(command.getIssuedAt(), now),
            Text.safe(command.getResource().getId()));
      }
      out.printf("%d command%s await%s approval.%n", pending.size(), pending.size() == 1 ? "" : "s",
          pending.size() == 1 ? "s" : "");
      return 0;
    }

    private static String waited(Instant since, Instant now) {
      Duration waited = Duration.between(since, now);
      return waited.isNegative() || waited.isZero() ? "0m" : Text.timeLeft(since, now);
    }
  }

  /** Which commands: a control's, one command, or all awaiting approval. */
  static final class Target {
    @Option(names = "--control", paramLabel = "ID",
        description = "Every command awaiting approval for this control (with --expect).")
    String control;
    @Option(names = "--command", paramLabel = "ID", description = "One command awaiting approval, by its id (one"
        + " the breaker held is left to ./redress breaker).")
    String commandId;
    @Option(names = "--all", description = "Every command awaiting approval (with --expect).")
    boolean all;

    Selection selection() {
      if (control != null) {
        return Selection.approval(control);
      }
      return commandId != null ? Selection.command(commandId, Holds.APPROVAL) : Selection.all(Holds.APPROVAL);
    }
  }

  /** A decision on a control's or on every pending approval names how many it saw ({@link HeldDecision#asSeen}). */
  abstract static class Decide extends HeldDecision {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Override
    Selection selection() {
      Optional<String> many = target.commandId != null ? Optional.empty()
          : Optional.of(target.all ? "--all" : "--control " + Text.safe(target.control));
      return asSeen(target.selection(), many, "./redress approvals list");
    }

    @Override
    HeldReport.Words words() {
      return HeldReport.Words.APPROVALS;
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = {"Sends commands awaiting approval to the executors, each exactly once however often this is"
          + " repeated.", "The executor checks exceptions again before it acts."})
  static final class Approve extends Decide {
    @Override
    Resolution resolution() {
      return Resolution.RELEASED;
    }
  }

  @Command(name = "deny", mixinStandardHelpOptions = true,
      description = "Denies commands awaiting approval: they are never executed, and who denied them is recorded.")
  static final class Deny extends Decide {
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
