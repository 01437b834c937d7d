package io.redress.cli;

import io.redress.audit.AuditFigures;
import io.redress.audit.AuditReport;
import io.redress.audit.AuditTrail;
import io.redress.audit.ProgressLine;
import io.redress.audit.ReportFormat;
import io.redress.audit.TimeRange;
import io.redress.operations.InvalidInput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true, subcommands = AuditVerifyCommand.class,
    description = {
        "Replays the audit topics (decisions, commands admitted and held, results, exceptions, breaker changes) and"
            + " writes every decision joined with its command, result and cited exception.",
        "Reads without joining any consumer group: it never moves a role's offsets, so nothing is executed again."})
final class AuditCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  RecordedTopicsOption recorded;

  @Option(names = "--from", paramLabel = "T", converter = TimePointConverter.class,
      description = "Records stamped at or after T: an instant (2026-11-01T09:00:00Z), a UTC day (2026-11-01) or an"
          + " age (30d, 12h, 90m). Default: the start of each topic.")
  Instant from;

  @Option(names = "--to", paramLabel = "T", converter = TimePointConverter.class,
      description = "Records stamped before T (same forms as --from). Default: everything committed now.")
  Instant to;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ReportFormat format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
  Path output;

  @Override
  public Integer call() throws Exception {
    TimeRange range = range();
    checkOutput();
    Instant asOf = to == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : to;
    try (RecordedTopics topics = recorded.open(recorded.load())) {
      AuditTrail trail = AuditReport.read(topics.consumerProperties(), topics.names(), range,
          new ProgressLine("audit", System.err, System.console() != null));
      AuditFigures figures = AuditFigures.of(trail, asOf);
      try (Writer out = output == null
          ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
          : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        format.write(trail, figures, range, out);
      }
      System.err.printf("audit: %d decision(s), %d breaker trip(s), %d exception(s) in force%s%s%n",
          figures.decisions(), figures.breakerTrips().size(), figures.exceptionsInForce().size(),
          trail.unreadable().isEmpty() ? "" : ", " + trail.unreadable().size() + " unreadable record(s)",
          output == null ? "" : "; written to " + output);
    }
    return 0;
  }

  private TimeRange range() {
    try {
      return new TimeRange(Optional.ofNullable(from), Optional.ofNullable(to));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** A report that could not be written is refused before the replay, which can be long, not after it. */
  private void checkOutput() {
    if (output == null) {
      return;
    }
    Path directory = output.toAbsolutePath().getParent();
    if (Files.isDirectory(output)) {
      throw new InvalidInput("--output " + output + " is a directory; give a file in it");
    }
    if (!Files.isDirectory(directory)) {
      throw new InvalidInput("--output " + output + ": the directory " + directory + " does not exist");
    }
    if (!Files.isWritable(Files.exists(output) ? output : directory)) {
      throw new InvalidInput("--output " + output + " cannot be written: permission denied");
    }
  }
}
