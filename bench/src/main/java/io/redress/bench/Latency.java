package io.redress.bench;

import io.redress.config.Topics;
import io.redress.contract.RemediationCommand;
import io.redress.kafka.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * P2: from a raw finding sent to its command visible to a read_committed consumer of redress.remediations, at a
 * steady rate, with Redress running every role in its own process; and P4: that process's resident memory while
 * it does so. Every finding is a remediation in {@code auto}; without an aws section the executor plans offline.
 */
final class Latency {

  private static final String PREFIX = "bench-p2-";
  private static final String WARM_UP_PREFIX = "bench-warm-up-";
  private static final Duration DRAIN = Duration.ofMinutes(5);

  /** Milliseconds from a finding's send to its command being readable. */
  record Figure(int findings, int rate, long p50, long p95, long p99, long max) {
  }

  /** Resident memory of the all-roles process while P2 runs: the highest sample and the median of its second half. */
  record Memory(long peakMiB, long steadyMiB, String javaOpts) {
  }

  /**
   * CPU per measured finding, from the warm-up's end until the last command was read, in microseconds: steadier than
   * the percentiles on a shared machine, where the all-roles process's queue makes most of the latency.
   *
   * @param redressMicros the all-roles process (topology, executor planning offline, notifier)
   * @param brokerMicros the broker's process
   */
  record Cpu(double redressMicros, double brokerMicros) {
  }

  record Result(Figure latency, Cpu cpu, Memory memory) {
  }

  /** The CPU time each process had used at one moment. */
  private record CpuUsed(Duration redress, Duration broker) {
  }

  private Latency() {
  }

  static Result measure(BenchOptions options, Path brokerClasspath) throws Exception {
    try (BenchBroker broker = BenchBroker.start(brokerClasspath, options.workDir().resolve("p2-broker"),
        options.partitions());
         RedressProcess redress = RedressProcess.start(options.javaOpts(), options.workDir().resolve("p2-redress"),
             environment(options, broker));
         KafkaProducer<String, byte[]> producer = broker.producer();
         CommittedReader commands = new CommittedReader(broker.bootstrapServers(), Topics.UNPREFIXED.remediations())) {
      AtomicReference<CpuUsed> atWarm = new AtomicReference<>();
      Figure figure = time(options, producer, commands, () -> {
        redress.restartSampling();
        atWarm.set(new CpuUsed(redress.cpu(), broker.cpu()));
      });
      CpuUsed atEnd = new CpuUsed(redress.cpu(), broker.cpu());
      Cpu cpu = new Cpu(micros(atEnd.redress().minus(atWarm.get().redress()), figure.findings()),
          micros(atEnd.broker().minus(atWarm.get().broker()), figure.findings()));
      return new Result(figure, cpu, memory(redress.rssKiB(), options.javaOpts()));
    }
  }

  /**
   * Warms Redress up at the rate for the warm-up seconds and waits for those commands, then sends findings at the
   * rate and times each until its command is read.
   *
   * @param warm told once the warm-up findings have their commands
   */
  static Figure time(BenchOptions options, KafkaProducer<String, byte[]> producer, CommittedReader commands,
      Runnable warm) throws Exception {
    int warmUp = options.latencyRate() * options.warmUpSeconds();
    BenchBroker.awaitSent(feed(producer, WARM_UP_PREFIX, new AtomicLongArray(warmUp), options.latencyRate()));
    commands.readUntil(warmUp, DRAIN);
    warm.run();

    int findings = options.latencyRate() * options.latencySeconds();
    AtomicLongArray sentAt = new AtomicLongArray(findings);
    long[] latencies = new long[findings];
    FutureTask<List<Future<RecordMetadata>>> feeder =
        new FutureTask<>(() -> feed(producer, PREFIX, sentAt, options.latencyRate()));
    new Thread(feeder, "bench-feeder").start();
    Deserializer<RemediationCommand> decode = AvroSerde.of(RemediationCommand.class).deserializer();
    commands.readUntil(warmUp + findings, DRAIN, record -> {
      long now = System.nanoTime();
      String bucket = decode.deserialize(record.topic(), record.value()).getResource().getId();
      int index = Integer.parseInt(bucket.substring(bucket.lastIndexOf(PREFIX) + PREFIX.length()));
      latencies[index] = (now - sentAt.get(index)) / 1_000_000;
    });
    BenchBroker.awaitSent(feeder.get());
    return percentiles(findings, options.latencyRate(), latencies);
  }

  private static Map<String, String> environment(BenchOptions options, BenchBroker broker) {
    Map<String, String> environment = new HashMap<>(Map.of(
        "REDRESS_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
        "REDRESS_KAFKA_PARTITIONS", Integer.toString(options.partitions()),
        "REDRESS_KAFKA_STREAM_THREADS", Integer.toString(options.streamThreads()),
        "REDRESS_CONTROLS_S3_8_MODE", "auto",
        "REDRESS_BREAKER_THRESHOLDS_GLOBAL", "100000000",
        "REDRESS_BREAKER_THRESHOLDS_ACCOUNT", "100000000",
        "REDRESS_BREAKER_THRESHOLDS_CONTROL", "100000000"));
    environment.putAll(options.streamsEnvironment());
    return environment;
  }

  /**
   * Sends one finding every 1/rate seconds, on a schedule, so a slow Redress does not slow the sender down; finding
   * {@code i} is about bucket {@code prefix + i}, and {@code sentAt[i]} is when it was sent.
   */
  private static List<Future<RecordMetadata>> feed(KafkaProducer<String, byte[]> producer, String prefix,
      AtomicLongArray sentAt, int rate) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < sentAt.length(); i++) {
      long due = start + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return sent;
        }
      }
      sentAt.set(i, System.nanoTime());
      sent.add(producer.send(BenchBroker.finding(prefix + i)));
    }
    return sent;
  }

  private static Figure percentiles(int findings, int rate, long[] latencies) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return new Figure(findings, rate, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static long at(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
  }

  private static double micros(Duration cpu, int findings) {
    return cpu.toNanos() / 1e3 / findings;
  }

  private static Memory memory(List<Long> samplesKiB, String javaOpts) {
    if (samplesKiB.isEmpty()) {
      return new Memory(0, 0, javaOpts);
    }
    long peak = samplesKiB.stream().mapToLong(Long::longValue).max().orElse(0);
    long[] secondHalf = samplesKiB.subList(samplesKiB.size() / 2, samplesKiB.size()).stream()
        .mapToLong(Long::longValue).sorted().toArray();
    return new Memory(peak / 1024, secondHalf[secondHalf.length / 2] / 1024, javaOpts);
  }
}
