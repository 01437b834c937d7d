package io.redress.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run --commit-sweep 100,50,20}: what {@code commit.interval.ms} trades. P1 and P2 once at each interval,
 * one after the other on the same machine, each with fresh brokers, so the cost in throughput shows beside the gain
 * in latency. The machine's load average is taken before and after each interval: a figure measured while other work
 * ran says so.
 */
record CommitSweep(String finishedAt, BenchReport.Machine machine, int partitions, int streamThreads,
    Map<String, String> streams, List<Row> rows) {

  /** One interval's figures; the load averages are the 1-minute figure of {@code /proc/loadavg}. */
  record Row(int commitIntervalMs, Throughput.Figure p1, Latency.Figure p2, Latency.Figure p2Topology,
      double loadBefore, double loadAfter) {
  }

  static CommitSweep run(BenchOptions options, Path brokerClasspath, PrintStream progress) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int interval : options.commitSweep()) {
      // An interval may come twice: each run gets brokers of its own.
      BenchOptions at = options.withCommitInterval(interval)
          .inWorkDir(options.workDir().resolve((rows.size() + 1) + "-commit-" + interval + "ms"));
      double before = loadAverage();
      progress.println("bench: commit.interval.ms " + interval + ": P1 throughput, " + at.throughputFindings()
          + " findings ...");
      Throughput.Figure p1 = Throughput.measure(at, brokerClasspath);
      progress.println("bench: commit.interval.ms " + interval + ": P2 latency, " + at.latencyRate()
          + " findings/s for " + at.latencySeconds() + " s ...");
      Latency.Figure p2 = Latency.measure(at, brokerClasspath).latency();
      progress.println("bench: commit.interval.ms " + interval + ": P2 latency of the topology alone ...");
      Latency.Figure p2Topology = TopologyLatency.measure(at, brokerClasspath);
      Row row = new Row(interval, p1, p2, p2Topology, before, loadAverage());
      progress.println("bench: " + row);
      rows.add(row);
    }
    return new CommitSweep(Instant.now().toString(), BenchReport.Machine.current(), options.partitions(),
        options.streamThreads(), options.streams(), List.copyOf(rows));
  }

  void print(PrintStream out) {
    out.printf("%n| commit.interval.ms | P1 Redress | P1 passthrough | P1 ratio | P2 all roles p50 / p95 / p99 (max) | "
        + "P2 topology alone p50 / p95 / p99 (max) | load average |%n| --- | --- | --- | --- | --- | --- | --- |%n");
    for (Row row : rows) {
      out.printf(Locale.ROOT, "| %d | %,.0f decisions/s | %,.0f records/s | %.2fx | %s | %s | %.1f-%.1f |%n",
          row.commitIntervalMs(), row.p1().redressPerSecond(), row.p1().passthroughPerSecond(), row.p1().ratio(),
          percentiles(row.p2()), percentiles(row.p2Topology()), row.loadBefore(), row.loadAfter());
    }
    Row first = rows.get(0);
    out.printf(Locale.ROOT, "%nP1: %,d findings; P2: %,d findings at %,d/s; %d partitions, %d stream thread(s)%s%n",
        first.p1().findings(), first.p2().findings(), first.p2().rate(), partitions, streamThreads,
        streams.isEmpty() ? "" : "; also " + streams);
    out.printf("machine: %d cores, %,d MiB, %s, %s, %s%n", machine.cores(), machine.memoryMiB(), machine.cpu(),
        machine.java(), machine.os());
  }

  private static String percentiles(Latency.Figure figure) {
    return "%d / %d / %d ms (%d ms)".formatted(figure.p50(), figure.p95(), figure.p99(), figure.max());
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
