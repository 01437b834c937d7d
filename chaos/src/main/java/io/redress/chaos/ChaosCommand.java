package io.redress.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chaos/run}: the command line of the chaos harness. */
@Command(name = "chaos/run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs Redress as a process against a real broker, kills it, restarts the broker and feeds it",
        "hostile input, then audits every output topic: nothing lost, nothing duplicated, every bad",
        "input dead-lettered, no stall, no crash. Prints a table, writes JSON, exits 1 on any failure."})
public final class ChaosCommand implements Callable<Integer> {

  @Option(names = "--findings", defaultValue = "10000", description = "Valid findings in the kill phase (default: ${DEFAULT-VALUE}).")
  int findings;

  @Option(names = "--kills", defaultValue = "3", description = "SIGKILLs of Redress while they flow (default: ${DEFAULT-VALUE}).")
  int kills;

  @Option(names = "--broker-restart", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Stop the broker mid-stream and start it again (default: ${DEFAULT-VALUE}).")
  boolean brokerRestart;

  @Option(names = "--broker-findings", defaultValue = "1000", description = "Valid findings in the broker phase (default: ${DEFAULT-VALUE}).")
  int brokerFindings;

  @Option(names = "--broker-down-seconds", defaultValue = "5", description = "How long the broker stays down (default: ${DEFAULT-VALUE}).")
  int brokerDownSeconds;

  @Option(names = "--fuzz", defaultValue = "10000", description = "Fuzzed inputs in the fuzz phase (default: ${DEFAULT-VALUE}).")
  int fuzz;

  @Option(names = "--fuzz-valid", defaultValue = "500", description = "Valid findings mixed into the fuzz phase (default: ${DEFAULT-VALUE}).")
  int fuzzValid;

  @Option(names = "--seed", description = "Seed of the fuzzer (default: a random one, printed).")
  Long seed;

  @Option(names = "--rate", defaultValue = "200", description = "Inputs sent per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--stall-seconds", defaultValue = "120",
      description = "No output for this long while inputs are unaccounted for is a stall (default: ${DEFAULT-VALUE}).")
  int stallSeconds;

  @Option(names = "--drain-timeout-seconds", defaultValue = "900",
      description = "Longest wait, per phase, for every input to be accounted for (default: ${DEFAULT-VALUE}).")
  int drainTimeoutSeconds;

  @Option(names = "--settle-seconds", defaultValue = "5",
      description = "Wait after everything is accounted for, so late duplicates show (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Option(names = "--huge-field-length", defaultValue = "1000000",
      description = "Characters in the \"1 MB\" fields; the event must stay under the broker's 1 MiB record limit (default: ${DEFAULT-VALUE}).")
  int hugeFieldLength;

  @Option(names = "--nesting-depth", defaultValue = "100000", description = "Levels of the deeply nested inputs (default: ${DEFAULT-VALUE}).")
  int nestingDepth;

  @Option(names = "--out", defaultValue = "chaos/results/latest.json", description = "Where the JSON goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--work-dir", defaultValue = "target/chaos/run",
      description = "Scratch directory, wiped first: broker data, Redress state and output (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--project-dir", defaultValue = ".", description = "Where target/redress.jar and broker/ are (default: the working directory).")
  Path projectDir;

  @Option(names = "--java-opts", defaultValue = "", description = "JVM options for Redress, as REDRESS_JAVA_OPTS would give (default: none).")
  String javaOpts;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChaosCommand())
        .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
          commandLine.getErr().println("chaos: " + exception.getMessage());
          return 2;
        })
        .execute(args));
  }

  /** The options a command line gives, for callers that run the harness in-process. */
  static ChaosOptions parse(String... args) {
    ChaosCommand command = new ChaosCommand();
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  @Override
  public Integer call() throws IOException {
    PrintStream console = System.out;
    ChaosReport report = new ChaosRun(options(), console).execute();
    ReportTable.print(report, console);
    ReportJson.write(report, out);
    console.println("JSON: " + out.toAbsolutePath());
    return report.passed() ? 0 : 1;
  }

  private ChaosOptions options() {
    long chosenSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
    return new ChaosOptions(findings, kills, brokerRestart, brokerFindings, Duration.ofSeconds(brokerDownSeconds),
        fuzz, fuzzValid, chosenSeed, rate, Duration.ofSeconds(stallSeconds), Duration.ofSeconds(drainTimeoutSeconds),
        Duration.ofSeconds(settleSeconds), hugeFieldLength, nestingDepth, out, workDir, projectDir, javaOpts);
  }
}
