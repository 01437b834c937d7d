package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.http.RawFindingPublisher;
import io.redress.http.RawFindingPublisher.NotAcknowledged;
import io.redress.operations.DeadLetterReplay;
import io.redress.operations.DeadLetterReplay.Filter;
import io.redress.operations.DeadLetterReplay.Letter;
import io.redress.operations.DeadLetterReplay.Original;
import io.redress.operations.DeadLetterReplay.Selection;
import io.redress.operations.InvalidInput;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;
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
      description = "Lists the dead letters of raw findings, oldest first per partition, and counts the others.")
  static final class ListLetters extends ClusterCommand {
    @Mixin
    Which which;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "Lists at most N, saying how many more match (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new InvalidInput("limit: must be at least 1");
      }
      Selection selection = DeadLetterReplay.select(kafka(), which.filter());
      PrintWriter out = out();
      if (!selection.rawFindings().isEmpty()) {
        out.printf("%-34s %-11s %-24s %s%n", "OF", "STAGE", "INPUT WRITTEN", "REASON");
        for (Letter letter : selection.rawFindings().subList(0, Math.min(limit, selection.rawFindings().size()))) {
          out.printf("%-34s %-11s %-24s %s%n", Text.safe(letter.of()), Text.safe(letter.deadLetter().getStage()),
              letter.deadLetter().getFailedAt(), Text.cut(letter.deadLetter().getReason(), REASON_WIDTH));
        }
      }
      int count = selection.rawFindings().size();
      if (count > limit) {
        out.printf("... and %d more%n", count - limit);
      }
      out.printf("%d dead letter%s of raw findings match; %d of other topics match (commands and notifications are"
          + " not sent again: each must come from a decision).%n", count, count == 1 ? "" : "s",
          selection.otherTopics());
      if (count > 0) {
        out.printf("To send them through the topology again: ./redress dead-letters replay <the same filters>"
            + " --expect %d%n", count);
      }
      return 0;
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = {"Sends the raw findings of the matching dead letters to redress.findings.raw again, each as it"
          + " first arrived (read back from its topic, with its source), marked redress.replay-of.",
          "The topology decides them like any finding: what is still wrong is dead-lettered again, and a finding"
              + " sent twice within its cool-down is decided DUPLICATE."})
  static final class Replay extends ClusterCommand {
    /** How long Kafka is given to take each record. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    Which which;
    @Option(names = "--expect", paramLabel = "N", required = true, description = {"How many dead letters of raw"
        + " findings ./redress dead-letters list showed for the same filters.",
        "Refused, with nothing sent, when that many do not match now."})
    int expect;

    @Override
    public Integer call() {
      RedressConfig loaded = cluster.load();
      KafkaSettings kafka = cluster.kafka(loaded);
      Selection selection = DeadLetterReplay.select(kafka, which.filter());
      int count = selection.rawFindings().size();
      if (count != expect) {
        throw new InvalidInput("expect: " + count + " dead letter" + (count == 1 ? "" : "s") + " of raw findings"
            + " match, not " + expect + "; nothing was sent. Check them with ./redress dead-letters list");
      }
      PrintWriter out = out();
      int sent = 0;
      try (RawFindingPublisher publisher = new RawFindingPublisher(kafka, loaded.ingest().maxRecordBytes(),
          ACK_TIMEOUT)) {
        for (Original original : DeadLetterReplay.originals(kafka, selection.rawFindings())) {
          String of = original.letter().of();
          if (original instanceof Original.Gone gone) {
            out.printf("not sent %s: %s%n", Text.safe(of), gone.why());
          } else if (original instanceof Original.Found found) {
            try {
              RecordMetadata stored = publisher.replay(found.record(), of);
              out.printf("sent %s again as %s/%d@%d%n", Text.safe(of), stored.topic(), stored.partition(),
                  stored.offset());
              sent++;
            } catch (NotAcknowledged e) {
              out.printf("not sent %s: %s%n", Text.safe(of), e.getMessage());
            }
          }
        }
      }
      out.printf("Sent %d of %d raw findings again.%n", sent, count);
      return sent == count ? 0 : 1;
    }
  }
}
