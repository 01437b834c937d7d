package io.redress.exceptions;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Resource;
import io.redress.kafka.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exception list as an executor sees it: the compacted exceptions topic, read to its end by {@link #refresh()}
 * once for each poll of commands, before any of them acts. The topology already checked exceptions when it decided,
 * but a command can wait (an executor down, a command held by the breaker and released later) while an exception is
 * approved; reading to the end after the poll means an exception published before the commands were read always
 * stops them.
 *
 * <p>{@link #refresh()} from one thread (the executor's loop), {@link #match} from any, while no refresh runs.
 */
public final class ExceptionList implements ExceptionLookup, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExceptionList.class);
  /**
   * The longest one look may wait on Kafka, all calls together. Each call is bounded too ({@link #KAFKA_WAIT}): the
   * client's default (default.api.timeout.ms, 60 s) would let an executor sit silent for minutes after a broker
   * restart, while a failed look only costs the command a FAILED result that says why.
   */
  private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(20);
  private static final Duration KAFKA_WAIT = Duration.ofSeconds(10);
  /** A look slower than this is worth a log line: the executor was waiting on Kafka, not on AWS. */
  private static final Duration SLOW = Duration.ofSeconds(2);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<ExceptionRecord> records = AvroSerde.of(ExceptionRecord.class).deserializer();
  /** By {@link ExceptionScope#indexKey}. */
  private final ConcurrentNavigableMap<String, ExceptionRecord> byKey = new ConcurrentSkipListMap<>();
  private List<TopicPartition> partitions;
  /** Why the list cannot be trusted now; null once a refresh read it to its end. */
  private volatile RuntimeException unreadable;
  private final String topic;

  public ExceptionList(KafkaSettings kafka) {
    this.topic = kafka.topics().exceptions();
    this.unreadable = new IllegalStateException(topic + " has not been read yet");
    Map<String, Object> properties = kafka.consumerConfig();
    // No group: every executor reads the whole list itself, from the beginning, and commits nothing.
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_WAIT.toMillis());
    properties.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_WAIT.toMillis());
    this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Reads the list to its end; when that fails, every {@link #match} fails until a refresh succeeds. */
  public void refresh() {
    try {
      catchUp();
      unreadable = null;
    } catch (RuntimeException e) {
      unreadable = e;
      log.warn("cannot read {} to its end, so no command of this poll will act: {}", topic,
          e.getMessage());
    }
  }

  /** @throws IllegalStateException when the last {@link #refresh()} failed, saying why */
  @Override
  public ExceptionMatch match(Resource resource, List<String> controls, Instant at) {
    RuntimeException failure = unreadable;
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure);
    }
    return ExceptionMatch.of(this::indexedUnder, resource, controls, at.toEpochMilli());
  }

  private List<ExceptionRecord> indexedUnder(String matchingKey) {
    String prefix = ExceptionScope.indexPrefix(matchingKey);
    return byKey.tailMap(prefix).entrySet().stream()
        .takeWhile(entry -> entry.getKey().startsWith(prefix))
        .map(Map.Entry::getValue)
        .toList();
  }

  private void catchUp() {
    long begin = System.nanoTime();
    Instant deadline = Instant.now().plus(CATCH_UP_LIMIT);
    if (partitions == null) {
      List<TopicPartition> found = consumer.partitionsFor(topic, KAFKA_WAIT).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      // A topic that is not there (not made yet, deleted, or a prefix that differs from the topology's) is no empty
      // list: the exceptions people published are somewhere this executor does not see.
      if (found.isEmpty()) {
        throw new IllegalStateException(topic + " does not exist or is not visible to the executor");
      }
      partitions = found;
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_WAIT);
    while (partitions.stream().anyMatch(partition -> consumer.position(partition, KAFKA_WAIT) < end.get(partition))) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("could not read " + topic + " to its end within " + CATCH_UP_LIMIT);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    if (took.compareTo(SLOW) > 0) {
      log.info("waited {} ms on Kafka to read {} to its end", took.toMillis(), topic);
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    String indexKey = ExceptionScope.indexKey(record.key());
    if (record.value() == null) {
      byKey.remove(indexKey);
      return;
    }
    try {
      ExceptionRecord exception = records.deserialize(record.topic(), record.value());
      if (ExceptionMatch.publishedUnderOwnScope(record.key(), exception)) {
        byKey.put(indexKey, exception);
      } else {
        byKey.remove(indexKey);
      }
    } catch (SerializationException e) {
      log.warn("ignoring undecodable exception at {}-{}@{}: {}", record.topic(), record.partition(),
          record.offset(), e.getMessage());
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
