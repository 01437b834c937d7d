package io.redress.bench;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.remediation.RemediationCatalogue;
import io.redress.topology.StreamsRole;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * P1: how fast the whole decision topology decides a burst of findings (every finding a remediation in {@code auto},
 * thresholds above the count so nothing is held), against a bare exactly-once passthrough on the same broker with
 * the same partitions, threads and commit interval. Each is started and warmed up first on a burst's worth of
 * findings of its own, sent and awaited: group joined, stores open, and the JIT past most of its compiling (after a
 * tenth of a burst the passthrough still sped up from 11,000 to 42,000 records/s over its three bursts). Then each is
 * sent a burst in turn, {@value #ROUNDS} times, as fast as the broker takes it, each burst timed from its first send
 * to the last output a read_committed consumer sees; each figure is the median of its contender's bursts. Taking
 * turns gives both the same machine and the same progress of the JIT; on a noisy machine one burst each moved the
 * ratio by half from run to run. How long each took from its start to its first output is kept beside the rate: a
 * cold start is a cost of its own, not a rate. So is the CPU each burst record cost.
 */
final class Throughput {

  static final String PASSTHROUGH_INPUT = "bench.passthrough.input";
  static final String PASSTHROUGH_TOPIC = "bench.passthrough";
  /** Bursts per contender: the median of three shrugs off one disturbed burst. */
  static final int ROUNDS = 3;
  private static final Duration PATIENCE = Duration.ofMinutes(20);

  /**
   * @param redressPerSecond the median of Redress's bursts
   * @param redressStartSeconds from the topology's start to its first decision of the warm-up findings
   * @param passthroughStartSeconds the same for the passthrough
   * @param redressRounds Redress's rate in each burst, in the order they ran
   * @param passthroughRounds the passthrough's, each burst sent right before Redress's of the same round
   */
  record Figure(int findings, double redressPerSecond, double passthroughPerSecond, double redressStartSeconds,
      double passthroughStartSeconds, Cpu redressCpu, Cpu passthroughCpu, List<Double> redressRounds,
      List<Double> passthroughRounds) {
    double ratio() {
      return redressPerSecond / passthroughPerSecond;
    }

    /** How many times the passthrough's CPU per record Redress spends per decision. */
    double cpuRatio() {
      return redressCpu.totalMicros() / passthroughCpu.totalMicros();
    }
  }

  /**
   * CPU per record of a burst, in microseconds; in a figure, the median of each part over the bursts.
   *
   * @param processMicros the bench's own process, where the contender runs beside the burst's sender and the reader
   *     of its outputs (the same two for both contenders), and the other contender waits for its next burst
   * @param brokerMicros the broker's process
   */
  record Cpu(double processMicros, double brokerMicros) {
    double totalMicros() {
      return processMicros + brokerMicros;
    }
  }

  /** One burst: its rate and what it cost. */
  private record Burst(double perSecond, Cpu cpu) {
  }

  /** A started, warmed-up contender: where its bursts go and where its outputs are read. */
  private record Contender(String input, CommittedReader outputs, double startSeconds) {
  }

  private Throughput() {
  }

  static Figure measure(BenchOptions options, Path brokerClasspath) throws Exception {
    try (BenchBroker broker = BenchBroker.start(brokerClasspath, options.workDir().resolve("p1-broker"),
        options.partitions());
         KafkaProducer<String, byte[]> producer = broker.producer()) {
      broker.createTopic(PASSTHROUGH_INPUT);
      broker.createTopic(PASSTHROUGH_TOPIC);
      RedressConfig config = config(options, broker, ROUNDS * options.throughputFindings() + warmUp(options) + 1);
      Path state = Files.createDirectories(options.workDir().resolve("p1-redress-state"));
      try (KafkaStreams bare = passthrough(broker, options);
           CommittedReader passed = new CommittedReader(broker.bootstrapServers(), PASSTHROUGH_TOPIC);
           StreamsRole topology = new StreamsRole(config, RemediationCatalogue.discover(), state, () -> false,
               reason -> { });
           CommittedReader decisions = new CommittedReader(broker.bootstrapServers(), Topics.UNPREFIXED.decisions())) {
        Contender passthrough = warmUp(options, producer, PASSTHROUGH_INPUT, bare::start, passed);
        Contender redress = warmUp(options, producer, Topics.UNPREFIXED.findingsRaw(), topology::start, decisions);
        List<Burst> passthroughBursts = new ArrayList<>();
        List<Burst> redressBursts = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          passthroughBursts.add(burst(options, broker, producer, passthrough, round));
          redressBursts.add(burst(options, broker, producer, redress, round));
        }
        return new Figure(options.throughputFindings(), median(redressBursts, Burst::perSecond),
            median(passthroughBursts, Burst::perSecond), redress.startSeconds(), passthrough.startSeconds(),
            medianCpu(redressBursts), medianCpu(passthroughBursts), rates(redressBursts), rates(passthroughBursts));
      }
    }
  }

  private static KafkaStreams passthrough(BenchBroker broker, BenchOptions options) throws Exception {
    Properties properties = BenchBroker.clientProperties(broker.bootstrapServers());
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough");
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.streamThreads());
    // Commits as often as Redress's topology does, so the ratio shows the topology's work, not the interval's.
    properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, StreamsRole.COMMIT_INTERVAL_MS);
    properties.putAll(options.streamsSettings());
    properties.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(
        options.workDir().resolve("p1-passthrough-state")).toString());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(PASSTHROUGH_INPUT, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .to(PASSTHROUGH_TOPIC, Produced.with(Serdes.String(), Serdes.ByteArray()));
    return new KafkaStreams(builder.build(), properties);
  }

  /** Starts a contender and warms it up on findings of its own. */
  private static Contender warmUp(BenchOptions options, KafkaProducer<String, byte[]> producer, String input,
      Runnable start, CommittedReader outputs) throws Exception {
    int warmUp = warmUp(options);
    BenchBroker.sendAll(producer, findings(input, "bench-p1-warm-up-", warmUp));
    long started = System.nanoTime();
    start.run();
    long firstOutput = outputs.readUntil(1, PATIENCE);
    outputs.readUntil(warmUp, PATIENCE);
    return new Contender(input, outputs, (firstOutput - started) / 1e9);
  }

  /** Times one burst of new findings, from the first send to the last output read. */
  private static Burst burst(BenchOptions options, BenchBroker broker, KafkaProducer<String, byte[]> producer,
      Contender contender, int round) throws Exception {
    int records = options.throughputFindings();
    List<ProducerRecord<String, byte[]>> burst = findings(contender.input(), "bench-p1-" + round + "-", records);
    long processCpu = processCpuNanos();
    Duration brokerCpu = broker.cpu();
    long burstStart = System.nanoTime();
    BenchBroker.sendAll(producer, burst);
    long end = contender.outputs().readUntil(warmUp(options) + (round + 1) * records, PATIENCE);
    Cpu cpu = new Cpu((processCpuNanos() - processCpu) / 1e3 / records,
        broker.cpu().minus(brokerCpu).toNanos() / 1e3 / records);
    return new Burst(perSecond(records, burstStart, end), cpu);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static double median(List<Burst> bursts, ToDoubleFunction<Burst> figure) {
    return median(bursts.stream().mapToDouble(figure).boxed().toList());
  }

  private static Cpu medianCpu(List<Burst> bursts) {
    return new Cpu(median(bursts, burst -> burst.cpu().processMicros()),
        median(bursts, burst -> burst.cpu().brokerMicros()));
  }

  private static List<Double> rates(List<Burst> bursts) {
    return bursts.stream().map(Burst::perSecond).toList();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static int warmUp(BenchOptions options) {
    return options.throughputFindings();
  }

  private static List<ProducerRecord<String, byte[]>> findings(String topic, String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> BenchBroker.finding(topic, prefix + i)).toList();
  }

  /** Every finding a remediation in {@code auto}, every breaker threshold {@code thresholds}. */
  static RedressConfig config(BenchOptions options, BenchBroker broker, int thresholds) {
    return ConfigLoader.fromYaml("""
        kafka: {partitions: %d, stream-threads: %d}
        controls: {S3.8: {mode: auto}}
        breaker: {thresholds: {global: %d, account: %d, control: %d}}
        """.formatted(options.partitions(), options.streamThreads(), thresholds, thresholds, thresholds),
        options.streamsEnvironment()).withBootstrapServers(broker.bootstrapServers());
  }

  static double perSecond(long count, long startNanos, long endNanos) {
    return count / ((endNanos - startNanos) / 1e9);
  }
}
