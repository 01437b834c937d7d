package io.redress.exceptions;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Resource;
import io.redress.kafka.AvroSerde;
import io.redress.operations.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
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
 * stops them. Each refresh asks which partitions the topic has, so one added since is read too. An exception record
 * that cannot be decoded makes the list unreadable, like a missing topic: nothing acts, each command's result says
 * why, until that exception is published again or revoked.
 *
 * <p>{@link #refresh()} from one thread (the executor's loop), {@link #match} and {@link #anyScopedToTag} from any,
 * while no refresh runs.
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
  /** Asks for the topic's partitions afresh at each refresh: the consumer's metadata may be minutes old. */
  private final Admin admin;
  private final Deserializer<ExceptionRecord> records = AvroSerde.of(ExceptionRecord.class).deserializer();
  /** By {@link ExceptionScope#indexKey}. */
  private final ConcurrentNavigableMap<String, ExceptionRecord> byKey = new ConcurrentSkipListMap<>();
  /**
   * Those of {@link #byKey} scoped by a tag alone (and perhaps a control), which {@link #anyScopedToTag} asks about
   * for every command whose tags are not known: few beside the resource-scoped ones a list mostly holds.
   */
  private final Map<String, ExceptionRecord> tagAlone = new ConcurrentHashMap<>();
  private Set<TopicPartition> partitions = Set.of();
  /**
   * Where the latest record under a key could not be decoded, by {@link ExceptionScope#indexKey}: what it excepts is
   * unknown, so while any is there the list cannot be read, as when the topic is missing, until the key is published
   * again or revoked.
   */
  private final Map<String, String> undecodable = new TreeMap<>();
  /** Why the list cannot be trusted now; null once a refresh read it to its end. */
  private volatile RuntimeException unreadable;
  private final String topic;

  public ExceptionList(KafkaSettings kafka) {
    this.topic = kafka.topics().exceptions();
    this.unreadable = new IllegalStateException(topic + " has not been read yet");
    this.admin = Admin.create(kafka.clientConfig());
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

  /** @throws IllegalStateException when the last {@link #refresh()} failed, saying why */
  @Override
  public boolean anyScopedToTag(List<String> controls, Instant at) {
    RuntimeException failure = unreadable;
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure);
    }
    return ExceptionMatch.anyScopedToTag(tagAlone.values(), controls, at.toEpochMilli());
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
    followPartitions();
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
    if (!undecodable.isEmpty()) {
      Map.Entry<String, String> first = undecodable.entrySet().iterator().next();
      throw new IllegalStateException(undecodable.size() + " exceptions in " + topic + " cannot be decoded, the first "
          + first.getValue() + "; no command acts until each is published again or revoked");
    }
  }

  /**
   * Reads every partition the topic has now, a partition added since the last refresh from its beginning: an
   * exception published there must stop commands like any other.
   */
  private void followPartitions() {
    Set<TopicPartition> found;
    try {
      found = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) KAFKA_WAIT.toMillis()))
          .allTopicNames().get().get(topic).partitions().stream()
          .map(info -> new TopicPartition(topic, info.partition()))
          .collect(Collectors.toSet());
    } catch (ExecutionException e) {
      // A topic that is not there (not made yet, deleted, or a prefix that differs from the topology's) is no empty
      // list: the exceptions people published are somewhere this executor does not see.
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException(topic + " does not exist or is not visible to the executor", e.getCause());
      }
      throw new IllegalStateException("cannot list the partitions of " + topic + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing the partitions of " + topic, e);
    }
    if (found.equals(partitions)) {
      return;
    }
    List<TopicPartition> added = found.stream().filter(partition -> !partitions.contains(partition)).toList();
    partitions = found;
    consumer.assign(partitions);
    consumer.seekToBeginning(added);
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    String indexKey = ExceptionScope.indexKey(record.key());
    undecodable.remove(indexKey);
    if (record.value() == null) {
      unindex(indexKey);
      return;
    }
    try {
      ExceptionRecord exception = records.deserialize(record.topic(), record.value());
      if (ExceptionMatch.publishedUnderOwnScope(record.key(), exception)) {
        byKey.put(indexKey, exception);
        if (ExceptionMatch.scopedToTagAlone(exception.getScope())) {
          tagAlone.put(indexKey, exception);
        } else {
          tagAlone.remove(indexKey);
        }
      } else {
        unindex(indexKey);
      }
    } catch (SerializationException e) {
      unindex(indexKey);
      String where = "under '" + Printable.of(record.key()) + "' at " + record.topic() + "-" + record.partition() + "@"
          + record.offset() + " (" + e.getMessage() + ")";
      undecodable.put(indexKey, where);
      log.error("the exception {} cannot be decoded; no command acts until it is published again or revoked", where);
    }
  }

  private void unindex(String indexKey) {
    byKey.remove(indexKey);
    tagAlone.remove(indexKey);
  }

  @Override
  public void close() {
    try {
      consumer.close();
    } finally {
      admin.close();
    }
  }
}
