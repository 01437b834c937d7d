package io.redress.bench;

import io.redress.kafka.EmbeddedBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.time.Instant;
import java.util.Comparator;

/**
 * {@code bench/run}: measures P1 to P4 (see {@code bench/README.md}), each against its baseline in the same run on
 * the same machine, prints the table and writes the JSON. Figures from a shared machine move between runs; compare
 * the ratios of one run, not absolute figures across runs.
 */
public final class BenchCommand {

  private BenchCommand() {
  }

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (!options.commitSweep().isEmpty()) {
      freshWorkDir(options.workDir());
      CommitSweep sweep = CommitSweep.run(options, Path.of("broker/target/classpath.txt"), System.err);
      sweep.print(System.out);
      sweep.write(options.out());
      System.out.println("written to " + options.out());
      return;
    }
    BenchReport report = run(options, Path.of("broker/target/classpath.txt"), System.err);
    report.print(System.out);
    report.write(options.out());
    System.out.println("written to " + options.out());
  }

  static BenchReport run(BenchOptions options, Path brokerClasspath, PrintStream progress) throws Exception {
    freshWorkDir(options.workDir());
    progress.println("bench: P1 throughput, " + options.throughputFindings() + " findings ...");
    Throughput.Figure p1 = Throughput.measure(options, brokerClasspath);
    progress.println("bench: P2 latency and P4 memory, " + options.latencyRate() + " findings/s for "
        + options.latencySeconds() + " s ...");
    Latency.Result p2 = Latency.measure(options, brokerClasspath);
    progress.println("bench: P3 " + options.buckets() + " public buckets in moto ...");
    BucketFix.Figure p3 = BucketFix.measure(options, brokerClasspath);
    return new BenchReport(Instant.now().toString(), BenchReport.Machine.current(), options.partitions(),
        options.streamThreads(), p1, p2.latency(), p2.cpu(), p3, p2.memory());
  }

  /** Every measurement starts from empty brokers: what an earlier run left would be read and counted again. */
  private static void freshWorkDir(Path workDir) throws IOException {
    if (!Files.exists(workDir)) {
      return;
    }
    // A commit sweep keeps each interval's brokers one directory further down.
    try (Stream<Path> brokers = Files.walk(workDir, 2).filter(Files::isDirectory)) {
      brokers.filter(dir -> dir.getFileName().toString().endsWith("-broker")).forEach(EmbeddedBroker::stopLeftover);
    }
    try (Stream<Path> all = Files.walk(workDir)) {
      all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
