package io.redress.bench;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.remediation.RemediationCatalogue;
import io.redress.topology.StreamsRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * P1: how fast the whole decision topology decides findings already waiting on the raw topic (every finding a
 * remediation in {@code auto}, thresholds above the count so nothing is held), against a bare exactly-once
 * passthrough reading the same records on the same broker with the same partitions, threads and commit
 * interval. Both are timed from their start, rebalance included, to the last output a read_committed consumer sees.
 */
final class Throughput {

  static final String PASSTHROUGH_TOPIC = "bench.passthrough";
  private static final Duration PATIENCE = Duration.ofMinutes(20);

  record Figure(int findings, double redressPerSecond, double passthroughPerSecond) {
    double ratio() {
      return redressPerSecond / passthroughPerSecond;
    }
  }

  private Throughput() {
  }

  static Figure measure(BenchOptions options, Path brokerClasspath) throws Exception {
    int findings = options.throughputFindings();
    try (BenchBroker broker = BenchBroker.start(brokerClasspath, options.workDir().resolve("p1-broker"),
        options.partitions())) {
      try (KafkaProducer<String, byte[]> producer = broker.producer()) {
        BenchBroker.sendAll(producer, IntStream.range(0, findings)
            .mapToObj(i -> BenchBroker.finding("bench-p1-" + i)).toList());
      }
      broker.createTopic(PASSTHROUGH_TOPIC);
      double passthrough = passthrough(broker, options);
      double redress = redress(broker, options);
      return new Figure(findings, redress, passthrough);
    }
  }

  private static double passthrough(BenchBroker broker, BenchOptions options) throws Exception {
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
    builder.stream(Topics.UNPREFIXED.findingsRaw(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .to(PASSTHROUGH_TOPIC, Produced.with(Serdes.String(), Serdes.ByteArray()));
    try (KafkaStreams streams = new KafkaStreams(builder.build(), properties);
         CommittedReader outputs = new CommittedReader(broker.bootstrapServers(), PASSTHROUGH_TOPIC)) {
      long start = System.nanoTime();
      streams.start();
      return perSecond(options.throughputFindings(), start, outputs.readUntil(options.throughputFindings(), PATIENCE));
    }
  }

  private static double redress(BenchBroker broker, BenchOptions options) throws Exception {
    RedressConfig config = config(options, broker, options.throughputFindings() + 1);
    Path state = Files.createDirectories(options.workDir().resolve("p1-redress-state"));
    try (StreamsRole streams = new StreamsRole(config, RemediationCatalogue.discover(), state, () -> false,
        reason -> { });
         CommittedReader decisions = new CommittedReader(broker.bootstrapServers(), Topics.UNPREFIXED.decisions())) {
      long start = System.nanoTime();
      streams.start();
      return perSecond(options.throughputFindings(), start, decisions.readUntil(options.throughputFindings(), PATIENCE));
    }
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
