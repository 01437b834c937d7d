package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.http.RawFindingPublisher;
import io.redress.operations.DeadLetterReplay;
import io.redress.operations.DeadLetterReplay.Filter;
import io.redress.operations.DeadLetterReplay.Letter;
import io.redress.operations.DeadLetterReplay.Outcome;
import io.redress.operations.DeadLetterReplay.Selection;
import io.redress.operations.InvalidInput;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dead-letters", mixinStandardHelpOptions = true,
    description = {"Lists the dead letters, and sends the raw findings among them through the topology again once"
        + " what rejected them is fixed.",
        "Exit status: 0 done, 1 when an original could not be sent again, 2 bad input or no reachable Kafka."},
    subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Replay.class})
final class DeadLettersCommand implements Runnable {

  private static final int REASON_WIDTH = 100;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Which dead letters a subcommand works on. */
  static final class Which {
    @Option(names = "--stage", paramLabel = "STAGE",
        description = "Only those rejected at this stage (normalize, decode, ...).")
    String stage;
    @Option(names = "--reason-containing", paramLabel = "TEXT", description = "Only those whose reason contains TEXT.")
    String reasonContaining;
    @Option(names = "--since", paramLabel = "T", converter = TimePointConverter.class,
        description = "Only those about inputs written at or after T: an instant (2026-11-29T06:00:00Z), a UTC day"
            + " (2026-11-29) or an age (2d, 12h, 90m).")
    Instant since;

    Filter filter() {
      return new Filter(Optional.ofNullable(stage), Optional.ofNullable(reasonContaining), Optional.ofNullable(since));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the dead letters of raw findings not sent again yet, oldest first per partition, and counts"
          + " the others.")
  static final class ListLetters extends ClusterCommand {
    @Mixin
    Which which;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "Lists at most N, saying how many more match (default: ${DEFAULT-VALUE}).")
    int limit;
    @Option(names = "--include-replayed", description = "Lists those sent again too, each with who sent it, when and"
        + " where the copy went.")
    boolean includeReplayed;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new InvalidInput("limit: must be at least 1");
      }
      Selection selection = DeadLetterReplay.select(kafka(), which.filter());
      List<Letter> pending = selection.pending();
      List<Letter> shown = includeReplayed ? selection.rawFindings() : pending;
      PrintWriter out = out();
      if (!shown.isEmpty()) {
        out.printf("%-34s %-11s %-24s %s%n", "OF", "STAGE", "INPUT WRITTEN", "REASON");
        for (Letter letter : shown.subList(0, Math.min(limit, shown.size()))) {
          out.printf("%-34s %-11s %-24s %s%n", Text.safe(letter.of()), Text.safe(letter.deadLetter().getStage()),
              letter.deadLetter().getFailedAt(), Text.cut(letter.deadLetter().getReason(), REASON_WIDTH)
                  + (selection.sentAgain(letter) ? replayed(selection, letter) : ""));
        }
      }
      if (shown.size() > limit) {
        out.printf("... and %d more%n", shown.size() - limit);
      }
      int count = pending.size();
      int left = selection.rawFindings().size() - count;
      out.printf("%d dead letter%s of raw findings match; %d of other topics match (commands and notifications are"
          + " not sent again: each must come from a decision).%n", count, count == 1 ? "" : "s",
          selection.otherTopics());
      if (left > 0) {
        out.printf("%d more match that were sent again already, %s (each is sent again once).%n", left,
            includeReplayed ? "listed as REPLAYED" : "left out: --include-replayed lists them");
      }
      if (count > 0) {
        out.printf("To send them through the topology again: ./redress dead-letters replay <the same filters>"
            + " --expect %d%n", count);
      }
      return 0;
    }

    private static String replayed(Selection selection, Letter letter) {
      return selection.replay(letter)
          .map(replay -> " [REPLAYED by " + Text.safe(replay.getBy()) + " at " + replay.getAt() + " as "
              + Text.safe(replay.getCopy()) + "]")
          .orElse(" [REPLAYED, by a record this version cannot read]");
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = {"Sends the raw findings of the matching dead letters not sent again yet to redress.findings.raw"
          + " again, each as it first arrived (read back from its topic, with its source), marked redress.replay-of,"
          + " and records each dead letter on redress.dlq.replayed in the same transaction: each is sent once.",
          "The topology decides them like any finding: what is still wrong is dead-lettered again (a new dead letter,"
              + " about the copy), and a finding sent twice within its cool-down is decided DUPLICATE."})
  static final class Replay extends ClusterCommand {
    @Mixin
    Which which;
    @Option(names = "--expect", paramLabel = "N", required = true, description = {"How many dead letters of raw"
        + " findings ./redress dead-letters list showed for the same filters (those not sent again yet).",
        "Refused, with nothing sent, when that many do not match now."})
    int expect;
    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
        description = "Who sends them again, recorded with each (default: your login name).")
    String by;

    @Override
    public Integer call() {
      RedressConfig loaded = cluster.load();
      KafkaSettings kafka = cluster.kafka(loaded);
      List<Outcome> outcomes = DeadLetterReplay.replay(kafka, which.filter(), expect,
          RawFindingPublisher.maxRequestBytes(loaded.ingest().maxRecordBytes()), by, Instant.now());
      PrintWriter out = out();
      int sent = 0;
      for (Outcome outcome : outcomes) {
        String of = Text.safe(outcome.letter().of());
        if (outcome instanceof Outcome.Sent copy) {
          out.printf("sent %s again as %s%n", of, Text.safe(copy.copy()));
          sent++;
        } else if (outcome instanceof Outcome.NotSent notSent) {
          out.printf("not sent %s: %s%n", of, notSent.why());
        }
      }
      out.printf("Sent %d of %d raw findings again.%n", sent, outcomes.size());
      return sent == outcomes.size() ? 0 : 1;
    }
  }
}
