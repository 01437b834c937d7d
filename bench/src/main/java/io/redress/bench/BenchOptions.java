package io.redress.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one bench run measures and how much. {@code --smoke} shrinks every count so the run takes a minute and only
 * proves that every figure is produced; its figures mean nothing.
 *
 * @param throughputFindings P1: findings in each burst, sent to the topology and to the bare passthrough in turn
 * @param latencyRate P2: findings per second sent to the all-roles process
 * @param latencySeconds P2: how long they are sent
 * @param warmUpSeconds P2: how long findings are sent at the same rate before, and their commands awaited, so that
 *     the JIT has compiled the hot path: on 2 cores the compilers still took a quarter to half a core, in the broker
 *     and in Redress alike, 45 s after they started; Redress runs for days
 * @param buckets P3: public buckets in moto fixed by each contender
 * @param concurrency P3: the bare SDK loop's threads and the executor's ({@code executor.concurrency} and
 *     {@code executor.per-account-region}: every bucket is in one account and region)
 * @param commitIntervalMs {@code commit.interval.ms} of every Kafka Streams application measured (Redress's topology
 *     and the bare passthrough); empty: Kafka's default (100 ms under exactly-once)
 * @param streams further Kafka Streams settings of every application measured ({@code poll.ms}, for instance)
 * @param commitSweep when not empty, P1 and P2 only, once at each of these commit intervals, instead of P1-P4
 * @param javaOpts the launcher's JVM flags, given to the Redress processes of P2 and P3
 * @param custodian the {@code custodian} binary; P3 leaves Cloud Custodian out when it does not exist
 */
record BenchOptions(int throughputFindings, int latencyRate, int latencySeconds, int warmUpSeconds, int buckets,
    int concurrency,
    int partitions, int streamThreads, Optional<Integer> commitIntervalMs, Map<String, String> streams,
    List<Integer> commitSweep,
    String javaOpts, Path custodian, Path workDir, Path out) {

  static final String USAGE = """
      usage: bench/run [--smoke] [--findings N] [--rate N] [--seconds N] [--warm-up-seconds N] [--buckets N]
                       [--concurrency N]
                       [--partitions N] [--stream-threads N] [--commit-interval-ms N] [--commit-sweep N,N,...]
                       [--streams NAME=VALUE,...] [--java-opts "FLAGS"] [--custodian PATH] [--work-dir DIR]
                       [--out FILE]
      """;

  static final Path SWEEP_OUT = Path.of("bench/results/commit-interval.json");

  static BenchOptions parse(String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean smoke = rest.remove("--smoke");
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < rest.size(); i += 2) {
      if (i + 1 >= rest.size()) {
        throw new IllegalArgumentException(rest.get(i) + " needs a value\n" + USAGE);
      }
      if (!OPTIONS.contains(rest.get(i))) {
        throw new IllegalArgumentException("unknown option " + rest.get(i) + "\n" + USAGE);
      }
      given.put(rest.get(i), rest.get(i + 1));
    }
    List<Integer> sweep = given.containsKey("--commit-sweep")
        ? commitIntervals(given.get("--commit-sweep")) : List.of();
    Path defaultOut = smoke ? Path.of("target/bench/smoke.json")
        : sweep.isEmpty() ? Path.of("bench/results/latest.json") : SWEEP_OUT;
    return new BenchOptions(
        positive(given, "--findings", smoke ? 300 : 20_000),
        positive(given, "--rate", smoke ? 50 : 1_000),
        positive(given, "--seconds", smoke ? 4 : 30),
        positive(given, "--warm-up-seconds", smoke ? 1 : 60),
        positive(given, "--buckets", smoke ? 20 : 1_000),
        positive(given, "--concurrency", smoke ? 1 : 8),
        positive(given, "--partitions", 6),
        positive(given, "--stream-threads", 1),
        Optional.ofNullable(given.get("--commit-interval-ms")).map(value -> interval("--commit-interval-ms", value)),
        given.containsKey("--streams") ? settings(given.get("--streams")) : Map.of(),
        sweep,
        given.getOrDefault("--java-opts", ""),
        Path.of(given.getOrDefault("--custodian", ".venv-c7n/bin/custodian")),
        Path.of(given.getOrDefault("--work-dir", smoke ? "target/bench/smoke" : "target/bench/run")),
        given.containsKey("--out") ? Path.of(given.get("--out")) : defaultOut);
  }

  private static final List<String> OPTIONS = List.of("--findings", "--rate", "--seconds", "--warm-up-seconds",
      "--buckets",
      "--concurrency", "--partitions", "--stream-threads", "--commit-interval-ms", "--commit-sweep", "--streams",
      "--java-opts", "--custodian", "--work-dir", "--out");

  /** The same run at another commit interval. */
  BenchOptions withCommitInterval(int milliseconds) {
    return new BenchOptions(throughputFindings, latencyRate, latencySeconds, warmUpSeconds, buckets, concurrency,
        partitions, streamThreads, Optional.of(milliseconds), streams, commitSweep, javaOpts, custodian, workDir, out);
  }

  /** The same run with its brokers and processes under another directory. */
  BenchOptions inWorkDir(Path dir) {
    return new BenchOptions(throughputFindings, latencyRate, latencySeconds, warmUpSeconds, buckets, concurrency,
        partitions, streamThreads, commitIntervalMs, streams, commitSweep, javaOpts, custodian, dir, out);
  }

  /** The Kafka Streams settings this run changes, as {@code kafka.streams} entries. */
  Map<String, String> streamsSettings() {
    Map<String, String> settings = new TreeMap<>(streams);
    commitIntervalMs.ifPresent(ms -> settings.put("commit.interval.ms", Integer.toString(ms)));
    return settings;
  }

  /** {@link #streamsSettings()} as the environment of a Redress process ({@code REDRESS_KAFKA_STREAMS_...}). */
  Map<String, String> streamsEnvironment() {
    Map<String, String> environment = new HashMap<>();
    streamsSettings().forEach((name, value) ->
        environment.put("REDRESS_KAFKA_STREAMS_" + name.toUpperCase().replace('.', '_'), value));
    return environment;
  }

  private static int positive(Map<String, String> given, String option, int otherwise) {
    String value = given.get(option);
    if (value == null) {
      return otherwise;
    }
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

  private static int interval(String option, String value) {
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + ": each commit interval must be a whole number of milliseconds, "
        + "0 or more, got '" + value + "'");
  }

  private static Map<String, String> settings(String value) {
    Map<String, String> settings = new TreeMap<>();
    for (String setting : value.split(",")) {
      int equals = setting.indexOf('=');
      if (equals < 1 || setting.contains("_")) {
        throw new IllegalArgumentException("--streams: each setting must be NAME=VALUE with a Kafka Streams "
            + "property name, got '" + setting + "'");
      }
      settings.put(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
    }
    return settings;
  }

  private static List<Integer> commitIntervals(String value) {
    return Arrays.stream(value.split(",")).map(each -> interval("--commit-sweep", each)).toList();
  }
}
