package io.redress.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.redress.config.RedressConfig;
import io.redress.ingest.FindingNormalizer;
import io.redress.kafka.GroupMembership;
import io.redress.remediation.RemediationCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the decision topology as a member of the application's consumer group. */
public final class StreamsRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsRole.class);
  /**
   * Under exactly-once a task's output is visible downstream only once the task commits, and a finding passes three
   * such commits before its command exists: with one stream thread, about two and a half intervals at the median.
   * At 1,000 findings/s with every role in one process, 30 ms met the latency targets' median where 50 ms did not,
   * and 20 ms's extra transactions lengthened the tail (the README's Performance section has the reasons for three
   * and the measured trade-off).
   */
  public static final long COMMIT_INTERVAL_MS = 30;
  private static final long KAFKA_POLL_MS = 100;

  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);
  private volatile String lastFailure;

  /**
   * @param restarts asked at each failure whether one more stream thread may replace the failed one
   * @param onGiveUp told why, once the topology has stopped for good
   */
  public StreamsRole(RedressConfig config, RemediationCatalogue catalogue, Path stateDir, BooleanSupplier restarts,
      Consumer<String> onGiveUp) {
    this.streams = new KafkaStreams(RedressTopology.build(config, catalogue,
        FindingNormalizer.of(config.ingest())), properties(config, stateDir));
    streams.setUncaughtExceptionHandler(exception -> {
      if (restarts.getAsBoolean()) {
        log.error("decision topology failed; replacing the stream thread", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      log.error("decision topology failed again; stopping it", exception);
      lastFailure = exception.toString();
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      if (now == KafkaStreams.State.ERROR) {
        onGiveUp.accept("the decision topology stopped after repeated failures" + (lastFailure == null ? ""
            : "; last error: " + lastFailure));
      }
    });
  }

  /** RUNNING or REBALANCING: the topology is doing its work or about to. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Kafka Streams' own metrics (stream threads, tasks, state stores and the clients inside) as meters of the
   * registry, until the returned handle is closed.
   */
  public AutoCloseable bindMetrics(MeterRegistry registry) {
    KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
    metrics.bindTo(registry);
    return metrics;
  }

  static Properties properties(RedressConfig config, Path stateDir) {
    Properties properties = config.kafka().streamsProperties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationId());
    // Decisions, commands and the consumed offsets commit atomically: a crash never yields a command without its
    // decision, nor a decision twice.
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.kafka().streamThreads());
    DeadLetterHandler.install(properties, config.kafka().topics().deadLetters());
    properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStateMemory.class);
    properties.put(BoundedStateMemory.BUDGET_CONFIG, config.kafka().stateStoreMemoryMb() * 1024L * 1024L);
    properties.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    properties.putIfAbsent(StreamsConfig.POLL_MS_CONFIG,
        pollMs(properties.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)));
    // No task here orders one input against another by time: the chain links remediation decisions and settled ones
    // as they come, a lesson pairs its decision and result whichever is first, and a reset closes a breaker scope when
    // read. Kafka Streams' wait for an empty input (max.task.idle.ms 0) bought nothing but its cost: Kafka Streams 4.4
    // formats a log message for every empty input of a task at every processing step while it waits, a fifth of the
    // stream thread's samples deciding a burst (the README's Performance section has the measurements).
    properties.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // Findings, decisions and notifications repeat most of their text; compressed batches keep the topics small.
    properties.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    properties.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
        GroupMembership.instanceId(System.getenv(), stateDir));
    return properties;
  }

  /**
   * A stream thread commits only between polls, and a poll with nothing to fetch waits up to {@code poll.ms}. When a
   * hop's input goes quiet, its records are waiting for exactly that commit (what a task wrote is invisible until
   * then), so a poll longer than the commit interval stretches the interval by its own length: {@code poll.ms} is
   * kept at the commit interval (at most Kafka's 100 ms default), unless {@code kafka.streams} sets it.
   */
  static long pollMs(Object commitIntervalMs) {
    try {
      return Math.max(1, Math.min(KAFKA_POLL_MS, Long.parseLong(String.valueOf(commitIntervalMs).strip())));
    } catch (NumberFormatException e) {
      return KAFKA_POLL_MS; // the commit interval itself is refused by Kafka Streams, naming the setting
    }
  }

  public void start() {
    streams.start();
  }

  /** Waits until the topology has its partitions and is processing. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
