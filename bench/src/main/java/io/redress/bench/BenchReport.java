package io.redress.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Every figure of one run with its baseline, and the machine it ran on; printed as a table, written as JSON. */
record BenchReport(String finishedAt, Machine machine, int partitions, int streamThreads, Throughput.Figure p1,
    Latency.Figure p2, Latency.Cpu p2Cpu, BucketFix.Figure p3, Latency.Memory p4) {

  /** The machine the figures were measured on; Redress runs on the same Java as the bench. */
  record Machine(int cores, long memoryMiB, String cpu, String java, String os) {

    static Machine current() {
      long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getTotalMemorySize();
      return new Machine(Runtime.getRuntime().availableProcessors(), memory / (1024 * 1024), cpuModel(),
          System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    private static String cpuModel() {
      try {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(line -> line.startsWith("model name"))
            .map(line -> line.substring(line.indexOf(':') + 1).strip())
            .findFirst().orElse("unknown");
      } catch (IOException e) {
        return "unknown";
      }
    }
  }

  void print(PrintStream out) {
    out.printf("%n| figure | Redress | baseline | ratio |%n| --- | --- | --- | --- |%n");
    out.printf(Locale.ROOT, "| P1 throughput, %d bursts of %,d findings each once warm, taking turns, %d partitions, "
            + "%d stream thread(s); medians | %s decisions/s (bursts: %s; cold start to first decision %.1f s) "
            + "| %s records/s (bare exactly-once passthrough; bursts: %s; cold start to first record %.1f s) "
            + "| %.2fx |%n", p1.redressRounds().size(), p1.findings(), partitions, streamThreads,
        number(p1.redressPerSecond()), numbers(p1.redressRounds()), p1.redressStartSeconds(),
        number(p1.passthroughPerSecond()), numbers(p1.passthroughRounds()), p1.passthroughStartSeconds(), p1.ratio());
    out.printf(Locale.ROOT, "| P1 CPU per record of a burst (the bench's process, running the contenders, the sender "
            + "and the reader; and the broker); medians | %s | %s | %.2fx the passthrough's |%n",
        cpu(p1.redressCpu()), cpu(p1.passthroughCpu()), p1.cpuRatio());
    out.printf("| P2 finding to command (read_committed), %,d findings at %,d/s | p50 %d ms, p95 %d ms, p99 %d ms "
            + "(max %d ms) | targets p50 <= 150 ms, p99 <= 250 ms | |%n", p2.findings(), p2.rate(), p2.p50(),
        p2.p95(), p2.p99(), p2.max());
    out.printf(Locale.ROOT, "| P2 CPU per finding once warm (the all-roles process; and the broker) | %,.0f us "
        + "(process %,.0f, broker %,.0f) | | |%n", p2Cpu.redressMicros() + p2Cpu.brokerMicros(), p2Cpu.redressMicros(),
        p2Cpu.brokerMicros());
    BucketFix.Contender redress = p3.redress();
    out.printf("| P3 %,d public buckets in moto, Redress end to end | %s (%d fixed) | | |%n", p3.buckets(),
        seconds(redress), redress.fixed());
    out.printf("| P3 vs Cloud Custodian (%s) | | %s (%d fixed) | %s |%n", p3.custodian().note(),
        seconds(p3.custodian()), p3.custodian().fixed(), speedup(p3.custodian(), redress, p3.buckets()));
    out.printf("| P3 vs bare SDK loop (%s) | | %s (%d fixed) | %s |%n", p3.bareLoop().note(),
        seconds(p3.bareLoop()), p3.bareLoop().fixed(), speedup(p3.bareLoop(), redress, p3.buckets()));
    out.printf("| P3 vs bare SDK loop making the executor's calls: GET, PUT, GET (%s) | | %s (%d fixed) | %s |%n",
        p3.sameCallsLoop().note(), seconds(p3.sameCallsLoop()), p3.sameCallsLoop().fixed(),
        speedup(p3.sameCallsLoop(), redress, p3.buckets()));
    out.printf("| P4 RSS of the all-roles process during P2 (%s) | peak %d MiB, steady %d MiB | target <= 512 MiB "
        + "| |%n", p4.javaOpts().isBlank() ? "no JVM flags" : p4.javaOpts(), p4.peakMiB(), p4.steadyMiB());
    out.printf("%nmachine: %d cores, %,d MiB, %s, %s, %s%n", machine.cores(), machine.memoryMiB(), machine.cpu(),
        machine.java(), machine.os());
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String numbers(List<Double> values) {
    return values.stream().map(BenchReport::number).collect(Collectors.joining(", "));
  }

  private static String cpu(Throughput.Cpu cpu) {
    return String.format(Locale.ROOT, "%,.0f us (process %,.0f, broker %,.0f)", cpu.totalMicros(),
        cpu.processMicros(), cpu.brokerMicros());
  }

  private static String seconds(BucketFix.Contender contender) {
    return contender.seconds() == null ? "not run: " + contender.note()
        : String.format(Locale.ROOT, "%.1f s", contender.seconds());
  }

  /**
   * How many times as fast as the baseline Redress was (above 1: Redress faster); none when either left a bucket
   * public, since a time for part of the work is no time for the work.
   */
  static String speedup(BucketFix.Contender baseline, BucketFix.Contender redress, int buckets) {
    if (baseline.seconds() == null || redress.seconds() == null) {
      return "-";
    }
    if (redress.fixed() < buckets) {
      return String.format(Locale.ROOT, "no ratio: Redress fixed %,d of %,d buckets", redress.fixed(), buckets);
    }
    if (baseline.fixed() < buckets) {
      return String.format(Locale.ROOT, "no ratio: the baseline fixed %,d of %,d buckets", baseline.fixed(), buckets);
    }
    return String.format(Locale.ROOT, "%.2fx the speed", baseline.seconds() / redress.seconds());
  }
}
