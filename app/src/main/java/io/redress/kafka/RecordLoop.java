package io.redress.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.kafka.DeadLetters.Origin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one policy for every topic Redress consumes outside the topology (the executor's commands, the notifier's
 * notifications): each record is decoded, handled, and either produces its outputs or goes to the dead-letter
 * topic with the reason; it is never skipped.
 * <ul>
 *   <li>A record that cannot be decoded, or whose handling fails for good, is dead-lettered with this loop's stage.</li>
 *   <li>A {@link TransientFailure} is retried with growing pauses; when the attempts run out, it is dead-lettered.</li>
 *   <li>The outputs and dead letters of a poll and the offsets past its records commit in one transaction, so a
 *       crash never publishes an output twice nor consumes a record without its output. Work outside Kafka (an AWS
 *       change, an email) happens before the transaction and can repeat after a crash: handlers must be idempotent.</li>
 *   <li>A transaction the broker refuses is aborted and the poll's records are handled again after a pause.</li>
 *   <li>No call waits on Kafka longer than {@link #KAFKA_WAIT}, and a wait that runs out is logged: a broker that
 *       went away never leaves the loop silent for minutes ({@link LoopTransactions}).</li>
 *   <li>A failure this loop cannot recover from (fenced by a newer instance, not authorized) ends {@link #run()}
 *       with the exception, for the role's supervisor to see.</li>
 *   <li>With a {@link Concurrency}, the records of a poll are handled side by side, those of one key in order; the
 *       outputs still commit in partition and offset order, in one transaction per poll.</li>
 *   <li>A poll's records are started only within {@link #startWithin} of {@link Handler#beforeBatch}; those left are
 *       read again and handled in a later poll. A record handled past one left in its partition is not handled again
 *       when it comes back to this loop: its outputs wait for it and commit then.</li>
 * </ul>
 * {@link #close()} from any thread stops the loop after the records in hand, interrupting those still in hand after
 * {@link #IN_HAND_PATIENCE}, commits what they produced, and returns once its clients are closed. A record the stop
 * cut short (stopped before it acted, {@link StoppedBeforeActing}; failed by the interrupt; or waiting to be tried
 * again) is left for the next owner, unless a record after it in its partition finished, whose outputs commit only
 * past its offset: then it is answered, by the handler's answer or else a dead letter that says it was cut short.
 */
public final class RecordLoop<T> implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RecordLoop.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration AFTER_ABORT = Duration.ofSeconds(1);
  /**
   * How long {@link #close()} waits for the records in hand before it interrupts them: early enough that an action
   * interrupted then (a read-back waiting for AWS, a call waiting for its answer, which the executor aborts) returns,
   * and its result commits with those that finished, within {@link #CLOSE_WAIT}, well inside a pod's 60 s grace
   * period.
   */
  private static final Duration IN_HAND_PATIENCE = Duration.ofSeconds(15);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  /**
   * The longest any one call may block on Kafka (max.block.ms, whose default is 60 s): each wait ends, with a log
   * line, well inside the minute a watcher allows before it calls the loop stalled, and the loop decides what next.
   */
  public static final Duration KAFKA_WAIT = Duration.ofSeconds(15);
  /**
   * A loop consumer's max.poll.interval.ms unless configured. After {@link #startWithin} (a fifth), the rest is for
   * the commands in hand (a few AWS calls each, every call bounded at 45 s, a transient failure retried) and for
   * linking and committing their results, which waits on Kafka; Kafka's five minutes would leave that little room.
   */
  static final Duration POLL_INTERVAL = Duration.ofMinutes(10);
  /**
   * The loop consumers' connections.max.idle.ms unless configured: above {@link #POLL_INTERVAL}, as Kafka asks, so
   * the coordinator's connection is not closed during a rebalance that waits as long as that.
   */
  static final Duration CONNECTIONS_MAX_IDLE = POLL_INTERVAL.plusMinutes(1);

  /** What a record's handling produced: records to write in the transaction that consumes it. */
  @FunctionalInterface
  public interface Handler<T> {
    /**
     * @throws TransientFailure when trying again later may succeed
     * @throws RuntimeException when this record can never be handled; it is dead-lettered
     */
    List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, T value);

    /**
     * Called on the loop's thread after a poll returned records and before any of them is handled, e.g. to read
     * what they are checked against to its end once for the whole poll; must not throw.
     */
    default void beforeBatch() {
    }

    /**
     * Called on the loop's thread for each output of a handled record, in the order the outputs are sent (partition
     * by partition, in offset order, whatever order the records were handled in), e.g. to link each into a hash
     * chain; returns the record to send.
     *
     * @throws TransientFailure (or a {@link KafkaException}) when what the output is linked to cannot be read yet: the
     *     partition of {@code input} is read again and its outputs sent then, while the other partitions commit
     * @throws SerializationException when the output cannot be encoded once linked: the record is dead-lettered in
     *     place of its outputs, so what the handler remembers must advance only once an output is encoded
     */
    default ProducerRecord<byte[], byte[]> beforeSend(ConsumerRecord<byte[], byte[]> input,
        ProducerRecord<byte[], byte[]> output) {
      return output;
    }

    /**
     * Called on the loop's thread when what went through {@link #beforeSend} may not be what the output topics
     * hold: a transaction was aborted, or partitions moved to or from this loop. A handler that remembers what it
     * sent (the head of a hash chain) forgets it, and reads it back from the topic.
     */
    default void forgetSent() {
    }
  }

  /**
   * What a handler throws when {@link #close()} stopped it before it did anything that has to be told (an action
   * interrupted in its reads, before any change): the record is left for the partition's next owner, who handles it
   * whole, rather than answered with a failure that says nothing about it. Its offset cannot commit without it, so
   * when a record after it in its partition finished, {@code answer} commits in its place, and that record's outputs
   * (a change made, and what it read before) with it. Thrown while the loop is not closing, {@code answer} is the
   * record's outputs.
   */
  public static final class StoppedBeforeActing extends RuntimeException {
    private final List<ProducerRecord<byte[], byte[]>> answer;

    public StoppedBeforeActing(String message, List<ProducerRecord<byte[], byte[]>> answer) {
      super(message);
      this.answer = List.copyOf(answer);
    }
  }

  /** A failure that may pass (a mail server down, a throttled API): the record is tried again. */
  public static final class TransientFailure extends RuntimeException {
    public TransientFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** How often and how patiently a transient failure is retried: each pause doubles the one before. */
  public record Retry(int attempts, Duration firstPause) {
    public static final Retry DEFAULT = new Retry(4, Duration.ofMillis(500));

    public Retry {
      if (attempts < 1 || firstPause.isNegative()) {
        throw new IllegalArgumentException("at least one attempt and a pause of zero or more, got " + attempts
            + " and " + firstPause);
      }
    }

    Duration pauseAfter(int attempt) {
      return firstPause.multipliedBy(1L << Math.min(attempt - 1, 10));
    }
  }

  private final String stage;
  private final String deadLetters;
  private final List<String> topics;
  private final Deserializer<T> decoder;
  private final Handler<T> handler;
  private final Retry retry;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final Runnable releaseHandler;
  private final Lanes<T> lanes;
  private final Duration startWithin;
  private final LoopTransactions transactions;
  /**
   * Outputs of records handled but not committed, because a record before them in their partition was left for a
   * later poll: the partition is read again from that record, and these are used when their records come back.
   * Only while this loop keeps their partitions, through a rebalance that gives them straight back; whoever is
   * assigned them next handles the records itself.
   */
  private final Map<Position, Carried> carried = new HashMap<>();
  /** Polls handled so far: which partition's records start first turns with each, so none waits behind the others. */
  private int polls;
  /** Claimed by whichever comes first, {@link #run()} or {@link #close()}, so the loop runs at most once. */
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile Thread looping;

  /**
   * @param stage names this loop's step on its dead letters, e.g. {@code execute}
   * @param deadLetters the topic a record the loop cannot use goes to
   * @param releaseHandler closes what the handler holds, once the loop is done with it
   */
  public RecordLoop(String stage, String deadLetters, String topic, Deserializer<T> decoder, Handler<T> handler,
      Retry retry, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, Runnable releaseHandler) {
    this(stage, deadLetters, List.of(topic), decoder, handler, retry, Concurrency.sequential(),
        startWithin(Map.of()), consumer, producer, releaseHandler);
  }

  /**
   * A loop over several topics (the decoder is told each record's topic, so it can tell what the record holds).
   *
   * @param concurrency how many records of a poll may be handled at once; the handler must then be thread-safe
   * @param startWithin how long after a poll its records may be started ({@link #startWithin(Map)} of the consumer's
   *     settings)
   */
  public RecordLoop(String stage, String deadLetters, List<String> topics, Deserializer<T> decoder,
      Handler<T> handler, Retry retry, Concurrency<T> concurrency, Duration startWithin,
      Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, Runnable releaseHandler) {
    if (startWithin.isNegative() || startWithin.isZero()) {
      throw new IllegalArgumentException("records must be given time to start, got " + startWithin);
    }
    this.lanes = new Lanes<>(stage, concurrency);
    this.startWithin = startWithin;
    this.transactions = new LoopTransactions(stage, producer, () -> closing);
    this.stage = stage;
    this.deadLetters = deadLetters;
    this.topics = List.copyOf(topics);
    this.decoder = decoder;
    this.handler = handler;
    this.retry = retry;
    this.consumer = consumer;
    this.producer = producer;
    this.releaseHandler = releaseHandler;
  }

  /**
   * Settings of the loop's consumer: its own group, committed records only (inputs come from exactly-once
   * transactions, and an aborted transaction's records must never be acted on), offsets committed by the loop.
   *
   * @param instanceId a static member id ({@link GroupMembership}), so a restarted instance resumes at once
   */
  public static Consumer<byte[], byte[]> consumer(KafkaSettings kafka, String group, int maxPollRecords,
      Optional<String> instanceId) {
    Map<String, Object> properties = kafka.consumerConfig();
    instanceId.ifPresent(id -> properties.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_WAIT.toMillis());
    properties.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) POLL_INTERVAL.toMillis());
    properties.putIfAbsent(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, CONNECTIONS_MAX_IDLE.toMillis());
    return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * How long after a poll's {@link Handler#beforeBatch} its records may still be started: a fifth of the consumer's
   * max.poll.interval.ms (of {@link #POLL_INTERVAL} unless configured). The records in hand have the rest to finish
   * in; a poll that used more than three fifths says so in the log. A loop that overran the interval would be put out
   * of its group, fail to commit, and be handed the same records again, and again: a throttled API or a slow mail
   * server would stop it for good. Past this, a poll commits what it handled instead.
   *
   * @param consumerSettings the settings the loop's consumer is made with; a value Kafka would refuse counts as
   *     unset here, and the consumer itself reports it
   */
  public static Duration startWithin(Map<String, Object> consumerSettings) {
    Object configured = consumerSettings.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    long interval;
    try {
      interval = configured == null ? POLL_INTERVAL.toMillis() : Long.parseLong(configured.toString().trim());
    } catch (NumberFormatException e) {
      interval = POLL_INTERVAL.toMillis();
    }
    return Duration.ofMillis(Math.max(1, interval / 5));
  }

  /**
   * A transactional producer. Zombie instances are fenced through the consumer group generation passed with
   * {@code sendOffsetsToTransaction} (KIP-447), so the transactional id only has to be unique per running instance.
   */
  public static Producer<byte[], byte[]> producer(KafkaSettings kafka, String group) {
    Map<String, Object> properties = kafka.producerConfig();
    properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-" + UUID.randomUUID());
    properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_WAIT.toMillis());
    // A transaction lives only while the loop commits it; one left open by an instance that died holds back every
    // read_committed reader of its partitions until the broker aborts it: soon, please.
    properties.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void run() {
    if (!claimed.compareAndSet(false, true)) {
      throw new IllegalStateException("this " + stage + " loop has already run or been closed");
    }
    looping = Thread.currentThread();
    try {
      if (closing) {
        return;
      }
      transactions.init();
      consumer.subscribe(topics, new ConsumerRebalanceListener() {
        // An eager rebalance (the classic protocol's default assignors) revokes every partition, and most come
        // straight back: what waits in them is kept until the new assignment says which stayed. Run again, their
        // commands would only report ALREADY_COMPLIANT in place of the change they made.
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          handler.forgetSent();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          handler.forgetSent();
          Set<TopicPartition> kept = consumer.assignment();
          carried.keySet().removeIf(position -> !kept.contains(position.partition()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          handler.forgetSent();
          carried.keySet().removeIf(position -> partitions.contains(position.partition()));
        }
      });
      while (!closing) {
        handleBatch(consumer.poll(POLL));
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } finally {
      release();
      finished.countDown();
    }
  }

  /**
   * Handles a poll's records (side by side when the loop is concurrent), then commits, in one transaction, the
   * outputs of each partition's records in offset order and the offsets past them; the outputs are sent there and
   * nowhere else. Only a partition's handled prefix commits: when the loop closes mid-poll, the rest stays for the
   * partition's next owner; when the poll's time to start records ran out, the partition is read again from its
   * first record left.
   */
  private void handleBatch(ConsumerRecords<byte[], byte[]> batch) {
    if (batch.isEmpty()) {
      return;
    }
    long polled = System.nanoTime();
    handler.beforeBatch();
    // Counted from here, not from the poll: what beforeBatch reads can take a while, and every poll must start a record.
    long deadline = System.nanoTime() + startWithin.toNanos();
    // Partition by partition, in offset order: the order outputs are sent in, whatever order they were made in.
    List<TopicPartition> partitions = batch.partitions().stream()
        .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
        .toList();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    partitions.forEach(partition -> records.addAll(batch.records(partition)));
    // A partition read from past a record whose outputs wait (another member committed it while this one was out of
    // the group) never comes back to it.
    carried.keySet().removeIf(position -> batch.partitions().contains(position.partition())
        && position.offset() < batch.records(position.partition()).get(0).offset());
    AtomicReferenceArray<Handled> handled = new AtomicReferenceArray<>(records.size());
    List<Lanes.Item<T>> work = new ArrayList<>();
    for (int index = 0; index < records.size(); index++) {
      ConsumerRecord<byte[], byte[]> record = records.get(index);
      Carried waiting = carried.remove(Position.of(record));
      if (waiting != null && waiting.isFor(record)) {
        handled.set(index, new Finished(waiting.outputs()));
        continue;
      }
      Decoded<T> decoded = decode(record);
      if (decoded.value() == null) {
        handled.set(index, new Finished(decoded.deadLetter()));
      } else {
        work.add(new Lanes.Item<>(index, record, decoded.value()));
      }
    }
    // Started partition by partition, from a different one each poll: when time runs out, a partition that sorts
    // late is not the one left every time.
    int turn = Math.floorMod(polls++, partitions.size());
    int first = 0;
    for (int p = 0; p < turn; p++) {
      first += batch.records(partitions.get(p)).size();
    }
    int start = first;
    work.sort(Comparator.comparingInt(item -> Math.floorMod(item.index() - start, records.size())));
    lanes.run(work, item -> {
      if (closing || System.nanoTime() - deadline > 0) {
        return false;
      }
      handled.set(item.index(), handle(item));
      return true;
    });
    Duration took = Duration.ofNanos(System.nanoTime() - polled);
    if (took.compareTo(startWithin.multipliedBy(3)) > 0) {
      log.warn("{}: the records of a poll took {} ms, more than three fifths of max.poll.interval.ms; a slower one"
          + " would put this loop out of its group", stage, took.toMillis());
    }
    commitHandledPrefixes(batch, partitions, handled);
  }

  /**
   * Commits each partition's records up to its first one left unhandled, with their outputs; the partition is read
   * again from that record, and the outputs of records handled after it wait in {@link #carried}. The records the
   * stop cut short that end that prefix are left too; those before a finished record commit with their answers. A
   * partition whose outputs cannot be linked yet commits nothing and is read again whole; the others commit.
   */
  private void commitHandledPrefixes(ConsumerRecords<byte[], byte[]> batch, List<TopicPartition> partitions,
      AtomicReferenceArray<Handled> handled) {
    Map<TopicPartition, OffsetAndMetadata> consumed = new LinkedHashMap<>();
    Map<TopicPartition, ConsumerRecord<byte[], byte[]>> left = new LinkedHashMap<>();
    Map<TopicPartition, ConsumerRecord<byte[], byte[]>> unlinked = new LinkedHashMap<>();
    List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
    int first = 0;
    for (TopicPartition partition : partitions) {
      List<ConsumerRecord<byte[], byte[]>> inPartition = batch.records(partition);
      List<ProducerRecord<byte[], byte[]>> fromPartition = new ArrayList<>();
      try {
        int handledPrefix = 0;
        while (handledPrefix < inPartition.size() && handled.get(first + handledPrefix) != null) {
          handledPrefix++;
        }
        int i = handledPrefix;
        while (i > 0 && handled.get(first + i - 1) instanceof CutShort) {
          i--;
        }
        for (int j = 0; j < i; j++) {
          fromPartition.addAll(linked(inPartition.get(j), handled.get(first + j).outputs()));
        }
        if (i > 0) {
          consumed.put(partition, new OffsetAndMetadata(inPartition.get(i - 1).offset() + 1));
        }
        if (i < inPartition.size()) {
          left.put(partition, inPartition.get(i));
        }
        outputs.addAll(fromPartition);
      } catch (KafkaException | TransientFailure e) {
        // What this partition's outputs are linked to could not be read back (a broker away, a transaction left open
        // on its results partition): none of them is sent, and what its records produced waits for them while it is
        // read again. What the handler remembers now runs ahead of what is sent, so it reads it back; the partitions
        // linked before this one are not linked again in this poll, and those after it start from the topic.
        log.warn("{}: outputs of {} could not be linked yet; they will be sent with its records read again: {}",
            stage, partition, DeadLetters.reason(e));
        handler.forgetSent();
        unlinked.put(partition, inPartition.get(0));
      }
      first += inPartition.size();
    }
    if (!consumed.isEmpty() && !transactions.commit(outputs, consumed, consumer.groupMetadata())) {
      // What the records produced may say only what went wrong in this poll (an exception list that could not be
      // read), so nothing of it is kept: they are handled again.
      carried.keySet().removeIf(position -> batch.partitions().contains(position.partition()));
      readAgain(batch);
      return;
    }
    if (closing) {
      return;
    }
    if (!unlinked.isEmpty()) {
      carry(batch, partitions, handled, unlinked);
      unlinked.forEach(this::seekTo);
      if (consumed.isEmpty()) {
        pause(AFTER_ABORT);
      }
    }
    if (!left.isEmpty()) {
      carry(batch, partitions, handled, left);
      left.forEach(this::seekTo);
      log.info("{}: started what it could of a poll within {} ms; {} partitions are read again from the first record"
          + " left", stage, startWithin.toMillis(), left.size());
    }
  }

  /**
   * A record's outputs as they are sent; its dead letter in their place when one of them cannot be encoded once
   * linked (a result within a few bytes of the record limit): handling it again would make the same.
   */
  private List<ProducerRecord<byte[], byte[]>> linked(ConsumerRecord<byte[], byte[]> input,
      List<ProducerRecord<byte[], byte[]>> outputs) {
    try {
      return outputs.stream().map(output -> handler.beforeSend(input, output)).toList();
    } catch (SerializationException e) {
      return deadLetter(input, "its output cannot be sent once linked: " + DeadLetters.reason(e)).stream()
          .map(letter -> handler.beforeSend(input, letter))
          .toList();
    }
  }

  /** Keeps the outputs of the records handled from {@code from} on in their partition, for when they come back. */
  private void carry(ConsumerRecords<byte[], byte[]> batch, List<TopicPartition> partitions,
      AtomicReferenceArray<Handled> handled, Map<TopicPartition, ConsumerRecord<byte[], byte[]>> from) {
    int index = 0;
    for (TopicPartition partition : partitions) {
      ConsumerRecord<byte[], byte[]> start = from.get(partition);
      for (ConsumerRecord<byte[], byte[]> record : batch.records(partition)) {
        if (handled.get(index++) instanceof Finished finished && start != null && record.offset() >= start.offset()) {
          carried.put(Position.of(record), new Carried(record, finished.outputs()));
        }
      }
    }
  }

  /** Back to the start of each partition's records in this poll, to read them again after a pause. */
  private void readAgain(ConsumerRecords<byte[], byte[]> batch) {
    handler.forgetSent();
    batch.partitions().forEach(partition -> seekTo(partition, batch.records(partition).get(0)));
    pause(AFTER_ABORT);
  }

  /** The partition is read again from {@code record}, with its leader epoch, so a log cut back since is noticed. */
  private void seekTo(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
    consumer.seek(partition, new OffsetAndMetadata(record.offset(), record.leaderEpoch(), ""));
  }

  /** A record's place, by which the outputs carried for it are found when it is read again. */
  private record Position(TopicPartition partition, long offset) {
    static Position of(ConsumerRecord<?, ?> record) {
      return new Position(new TopicPartition(record.topic(), record.partition()), record.offset());
    }
  }

  /**
   * The outputs of a record handled but not committed, and what that record held: a topic made again, or a log cut
   * back by an unclean leader election, can put another record at its place, which is then handled itself.
   */
  private record Carried(byte[] key, byte[] value, long timestamp, List<ProducerRecord<byte[], byte[]>> outputs) {
    Carried(ConsumerRecord<byte[], byte[]> record, List<ProducerRecord<byte[], byte[]>> outputs) {
      this(record.key(), record.value(), record.timestamp(), outputs);
    }

    boolean isFor(ConsumerRecord<byte[], byte[]> record) {
      return Arrays.equals(key, record.key()) && Arrays.equals(value, record.value())
          && timestamp == record.timestamp();
    }
  }

  /** A record as decoded: its value, or the dead letter that says why it has none. */
  private record Decoded<T>(T value, List<ProducerRecord<byte[], byte[]>> deadLetter) {
  }

  private Decoded<T> decode(ConsumerRecord<byte[], byte[]> record) {
    T value;
    try {
      value = decoder.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      return new Decoded<>(null, deadLetter(record, "cannot decode: " + DeadLetters.reason(e)));
    }
    if (value == null) {
      return new Decoded<>(null, deadLetter(record, "empty record: a null value carries nothing to " + stage));
    }
    return new Decoded<>(value, null);
  }

  /** What handling a record came to. */
  private sealed interface Handled {
    /** What commits with the record's offset. */
    List<ProducerRecord<byte[], byte[]>> outputs();
  }

  /** The record's outputs, or its dead letter when it cannot be handled. */
  private record Finished(List<ProducerRecord<byte[], byte[]>> outputs) implements Handled {
  }

  /**
   * A record the loop's stop cut short, left for the partition's next owner unless a record after it in its
   * partition finished. Then it commits with {@code answer}, made only then: a dead letter is counted as it is made.
   */
  private record CutShort(Supplier<List<ProducerRecord<byte[], byte[]>>> answer) implements Handled {
    @Override
    public List<ProducerRecord<byte[], byte[]>> outputs() {
      return answer.get();
    }
  }

  /** @return the record's outputs (its dead letter, if it cannot be handled), or how the stop cut it short */
  private Handled handle(Lanes.Item<T> item) {
    ConsumerRecord<byte[], byte[]> record = item.record();
    for (int attempt = 1; ; attempt++) {
      try {
        return new Finished(handler.handle(record, item.value()));
      } catch (StoppedBeforeActing e) {
        if (!closing) {
          return new Finished(e.answer);
        }
        return cutShort(record, "was stopped before it acted: " + e.getMessage(), () -> e.answer);
      } catch (TransientFailure e) {
        if (attempt >= retry.attempts()) {
          return new Finished(deadLetter(record, "gave up after " + attempt + " attempts: " + DeadLetters.reason(e)));
        }
        log.warn("{} of {} failed (attempt {} of {}), retrying: {}", stage, where(record), attempt, retry.attempts(),
            DeadLetters.reason(e));
        if (!pause(retry.pauseAfter(attempt))) {
          return cutShortByTheStop(record, "attempt " + attempt + " of " + retry.attempts() + " failed ("
              + DeadLetters.reason(e) + ") and the loop stopped before trying again");
        }
      } catch (InterruptException | WakeupException e) {
        if (closing) {
          return cutShortByTheStop(record, "interrupted by the loop's stop: " + DeadLetters.reason(e));
        }
        throw e; // not the record's fault: the loop is being stopped
      } catch (RuntimeException e) {
        if (closing && Thread.currentThread().isInterrupted()) {
          // It failed because close() interrupted it, not for anything the record holds.
          return cutShortByTheStop(record, "interrupted by the loop's stop, it failed: " + DeadLetters.reason(e));
        }
        log.warn("{} of {} failed for good; dead-lettering it", stage, where(record), e);
        return new Finished(deadLetter(record, DeadLetters.reason(e)));
      }
    }
  }

  /**
   * A record the stop cut short with no answer of the handler's: a dead letter says so, for when a record after it in
   * its partition finished. It claims nothing of what the record did: cut short, it may have done part of its work (a
   * mail the server took just before the interrupt), which only a person can tell.
   */
  private CutShort cutShortByTheStop(ConsumerRecord<byte[], byte[]> record, String why) {
    return cutShort(record, why, () -> deadLetter(record, why
        + "; a record after it in its partition finished, whose outputs commit only past its offset"));
  }

  private CutShort cutShort(ConsumerRecord<byte[], byte[]> record, String why,
      Supplier<List<ProducerRecord<byte[], byte[]>>> answer) {
    log.info("{} of {} {}; it is left for the next owner unless a record after it in its partition finished", stage,
        where(record), why);
    return new CutShort(answer);
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    log.warn("dead-lettering {} at stage {}: {}", where(record), stage, reason);
    Origin origin = new Origin(record.topic(), record.partition(), record.offset(), record.key(), record.timestamp());
    return List.of(DeadLetters.record(deadLetters, origin, record.value(), stage, reason));
  }

  /** @return false when the loop started closing during the pause */
  private boolean pause(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    while (!closing && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (closing) {
          return false;
        }
        throw new InterruptException(e);
      }
    }
    return !closing;
  }

  private static String where(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private void release() {
    try {
      consumer.close(CloseOptions.timeout(KAFKA_WAIT));
    } finally {
      try {
        lanes.close();
        producer.close(KAFKA_WAIT);
      } finally {
        releaseHandler.run();
      }
    }
  }

  /** Kafka's own metrics of this loop's consumer and producer as meters of the registry, until the handle closes. */
  public AutoCloseable bindMetrics(MeterRegistry registry) {
    KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
    KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
    consumerMetrics.bindTo(registry);
    producerMetrics.bindTo(registry);
    return () -> {
      consumerMetrics.close();
      producerMetrics.close();
    };
  }

  /**
   * Stops the loop after the records in hand, interrupted if they take longer than {@link #IN_HAND_PATIENCE}; safe
   * from any thread, and before {@link #run()} was ever called.
   */
  @Override
  public void close() {
    close(IN_HAND_PATIENCE);
  }

  void close(Duration patience) {
    closing = true;
    if (finished.getCount() == 0) {
      return;
    }
    if (claimed.compareAndSet(false, true)) {
      release();
      finished.countDown();
      return;
    }
    consumer.wakeup();
    if (Thread.currentThread() == looping) {
      return; // called from the loop itself (a handler, a poll callback): it ends when control returns to it
    }
    try {
      if (!finished.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        // A stop must end inside the grace period: the records left running are told to stop, so that what the others
        // produced commits, with what these did until then, before the process is killed.
        log.info("the {} loop is interrupting the records still in hand after {} ms", stage, patience.toMillis());
        long until = System.nanoTime() + CLOSE_WAIT.minus(patience).toNanos();
        // Again each second while they run: the AWS SDK takes an interrupt that comes as one of its attempts times
        // out for its own, clears it and tries again.
        do {
          lanes.interrupt();
        } while (!finished.await(1, TimeUnit.SECONDS) && System.nanoTime() - until < 0);
        if (finished.getCount() > 0) {
          log.warn("the {} loop did not stop within {}", stage, CLOSE_WAIT);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
