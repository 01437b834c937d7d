package io.redress.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one bench run measures and how much. {@code --smoke} shrinks every count so the run takes a minute and only
 * proves that every figure is produced; its figures mean nothing.
 *
 * @param throughputFindings P1: findings preloaded for the topology and for the bare passthrough
 * @param latencyRate P2: findings per second sent to the all-roles process
 * @param latencySeconds P2: how long they are sent
 * @param buckets P3: public buckets in moto fixed by each contender
 * @param concurrency P3: the bare SDK loop's threads and the executor's ({@code executor.concurrency} and
 *     {@code executor.per-account-region}: every bucket is in one account and region)
 * @param javaOpts the launcher's JVM flags, given to the Redress processes of P2 and P3
 * @param custodian the {@code custodian} binary; P3 leaves Cloud Custodian out when it does not exist
 */
record BenchOptions(int throughputFindings, int latencyRate, int latencySeconds, int buckets, int concurrency,
    int partitions, int streamThreads, String javaOpts, Path custodian, Path workDir, Path out) {

  static final String USAGE = """
      usage: bench/run [--smoke] [--findings N] [--rate N] [--seconds N] [--buckets N] [--concurrency N]
                       [--partitions N] [--stream-threads N] [--java-opts "FLAGS"] [--custodian PATH]
                       [--work-dir DIR] [--out FILE]
      """;

  static BenchOptions parse(String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean smoke = rest.remove("--smoke");
    BenchOptions options = smoke
        ? new BenchOptions(300, 50, 4, 20, 1, 6, 1, "", Path.of("bench/.venv-c7n/bin/custodian"),
            Path.of("target/bench/smoke"), Path.of("target/bench/smoke.json"))
        : new BenchOptions(20_000, 1_000, 30, 1_000, 8, 6, 1, "", Path.of("bench/.venv-c7n/bin/custodian"),
            Path.of("target/bench/run"), Path.of("bench/results/latest.json"));
    for (int i = 0; i < rest.size(); i += 2) {
      if (i + 1 >= rest.size()) {
        throw new IllegalArgumentException(rest.get(i) + " needs a value\n" + USAGE);
      }
      options = options.with(rest.get(i), rest.get(i + 1));
    }
    return options;
  }

  private BenchOptions with(String option, String value) {
    return switch (option) {
      case "--findings" -> new BenchOptions(positive(option, value), latencyRate, latencySeconds, buckets, concurrency,
          partitions, streamThreads, javaOpts, custodian, workDir, out);
      case "--rate" -> new BenchOptions(throughputFindings, positive(option, value), latencySeconds, buckets,
          concurrency, partitions, streamThreads, javaOpts, custodian, workDir, out);
      case "--seconds" -> new BenchOptions(throughputFindings, latencyRate, positive(option, value), buckets,
          concurrency, partitions, streamThreads, javaOpts, custodian, workDir, out);
      case "--buckets" -> new BenchOptions(throughputFindings, latencyRate, latencySeconds, positive(option, value),
          concurrency, partitions, streamThreads, javaOpts, custodian, workDir, out);
      case "--concurrency" -> new BenchOptions(throughputFindings, latencyRate, latencySeconds, buckets,
          positive(option, value), partitions, streamThreads, javaOpts, custodian, workDir, out);
      case "--partitions" -> new BenchOptions(throughputFindings, latencyRate, latencySeconds, buckets, concurrency,
          positive(option, value), streamThreads, javaOpts, custodian, workDir, out);
      case "--stream-threads" -> new BenchOptions(throughputFindings, latencyRate, latencySeconds, buckets,
          concurrency, partitions, positive(option, value), javaOpts, custodian, workDir, out);
      case "--java-opts" -> new BenchOptions(throughputFindings, latencyRate, latencySeconds, buckets, concurrency,
          partitions, streamThreads, value, custodian, workDir, out);
      case "--custodian" -> new BenchOptions(throughputFindings, latencyRate, latencySeconds, buckets, concurrency,
          partitions, streamThreads, javaOpts, Path.of(value), workDir, out);
      case "--work-dir" -> new BenchOptions(throughputFindings, latencyRate, latencySeconds, buckets, concurrency,
          partitions, streamThreads, javaOpts, custodian, Path.of(value), out);
      case "--out" -> new BenchOptions(throughputFindings, latencyRate, latencySeconds, buckets, concurrency,
          partitions, streamThreads, javaOpts, custodian, workDir, Path.of(value));
      default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
    };
  }

  private static int positive(String option, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + ": must be a whole number of at least 1, got '" + value + "'");
  }
}
