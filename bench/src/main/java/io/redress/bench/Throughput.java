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
import java.util.List;
import java.util.Properties;
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
 * the same partitions, threads and commit interval. Each is started and warmed up first (warm-up findings of its own
 * sent and awaited: group joined, stores open, JIT past its first compilations); then the burst is sent to its input
 * topic as fast as the broker takes it and timed from the first send to the last output a read_committed consumer
 * sees. How long each took from its start to its first output is kept beside the rate: a cold start is a cost of
 * its own, not a rate. So is the CPU each burst record cost, which moves less than the rate between runs on a noisy
 * machine (it still holds whatever compiling the JIT does during the burst).
 */
final class Throughput {

  static final String PASSTHROUGH_INPUT = "bench.passthrough.input";
  static final String PASSTHROUGH_TOPIC = "bench.passthrough";
  private static final Duration PATIENCE = Duration.ofMinutes(20);
  /** Warm-up findings at the least; otherwise a tenth of the burst. */
  private static final int MIN_WARM_UP = 200;

  /**
   * @param redressStartSeconds from the topology's start to its first decision of the warm-up findings
   * @param passthroughStartSeconds the same for the passthrough
   */
  record Figure(int findings, double redressPerSecond, double passthroughPerSecond, double redressStartSeconds,
      double passthroughStartSeconds, Cpu redressCpu, Cpu passthroughCpu) {
    double ratio() {
      return redressPerSecond / passthroughPerSecond;
    }

    /** How many times the passthrough's CPU per record Redress spends per decision. */
    double cpuRatio() {
      return redressCpu.totalMicros() / passthroughCpu.totalMicros();
    }
  }

  /**
   * CPU per record of the burst, in microseconds.
   *
   * @param processMicros the bench's own process, where the contender runs beside the burst's sender and the reader
   *     of its outputs (the same two for both contenders)
   * @param brokerMicros the broker's process
   */
  record Cpu(double processMicros, double brokerMicros) {
    double totalMicros() {
      return processMicros + brokerMicros;
    }
  }

  /** One contender's run: its cold start to the first output, its rate over the burst and what the burst cost. */
  private record Run(double startSeconds, double perSecond, Cpu cpu) {
  }

  private Throughput() {
  }

  static Figure measure(BenchOptions options, Path brokerClasspath) throws Exception {
    try (BenchBroker broker = BenchBroker.start(brokerClasspath, options.workDir().resolve("p1-broker"),
        options.partitions());
         KafkaProducer<String, byte[]> producer = broker.producer()) {
      broker.createTopic(PASSTHROUGH_INPUT);
      broker.createTopic(PASSTHROUGH_TOPIC);
      Run passthrough = passthrough(broker, producer, options);
      Run redress = redress(broker, producer, options);
      return new Figure(options.throughputFindings(), redress.perSecond(), passthrough.perSecond(),
          redress.startSeconds(), passthrough.startSeconds(), redress.cpu(), passthrough.cpu());
    }
  }

  private static Run passthrough(BenchBroker broker, KafkaProducer<String, byte[]> producer, BenchOptions options)
      throws Exception {
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
    try (KafkaStreams streams = new KafkaStreams(builder.build(), properties);
         CommittedReader outputs = new CommittedReader(broker.bootstrapServers(), PASSTHROUGH_TOPIC)) {
      return time(options, broker, producer, PASSTHROUGH_INPUT, streams::start, outputs);
    }
  }

  private static Run redress(BenchBroker broker, KafkaProducer<String, byte[]> producer, BenchOptions options)
      throws Exception {
    RedressConfig config = config(options, broker, options.throughputFindings() + warmUp(options) + 1);
    Path state = Files.createDirectories(options.workDir().resolve("p1-redress-state"));
    try (StreamsRole streams = new StreamsRole(config, RemediationCatalogue.discover(), state, () -> false,
        reason -> { });
         CommittedReader decisions = new CommittedReader(broker.bootstrapServers(), Topics.UNPREFIXED.decisions())) {
      return time(options, broker, producer, Topics.UNPREFIXED.findingsRaw(), streams::start, decisions);
    }
  }

  /** Starts a contender, warms it up on findings of its own, then times the burst. */
  private static Run time(BenchOptions options, BenchBroker broker, KafkaProducer<String, byte[]> producer,
      String input, Runnable start, CommittedReader outputs) throws Exception {
    int warmUp = warmUp(options);
    BenchBroker.sendAll(producer, findings(input, "bench-p1-warm-up-", warmUp));
    long started = System.nanoTime();
    start.run();
    long firstOutput = outputs.readUntil(1, PATIENCE);
    outputs.readUntil(warmUp, PATIENCE);
    List<ProducerRecord<String, byte[]>> burst = findings(input, "bench-p1-", options.throughputFindings());
    long processCpu = processCpuNanos();
    Duration brokerCpu = broker.cpu();
    long burstStart = System.nanoTime();
    BenchBroker.sendAll(producer, burst);
    long end = outputs.readUntil(warmUp + options.throughputFindings(), PATIENCE);
    double records = options.throughputFindings();
    Cpu cpu = new Cpu((processCpuNanos() - processCpu) / 1e3 / records,
        broker.cpu().minus(brokerCpu).toNanos() / 1e3 / records);
    return new Run((firstOutput - started) / 1e9, perSecond(options.throughputFindings(), burstStart, end), cpu);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static int warmUp(BenchOptions options) {
    return Math.max(MIN_WARM_UP, options.throughputFindings() / 10);
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
