package io.redress.audit;

import io.redress.config.Topics;
import io.redress.contract.BreakerState;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.kafka.AvroSerde;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the audit topics (decisions, dead letters, held commands, breaker changes, remediation results) and
 * prints each record as it is committed, in words. It reads them as an auditor would: read_committed, from where
 * its {@link Start} says, without joining any group.
 */
public final class AuditPrinter implements Runnable, AutoCloseable {

  /**
   * Where printing begins: at each topic's start (the demo's, on a directory it has just emptied), or where the
   * topics ended at a run's start, so that a run does not reprint the whole history before its own. A printer
   * restarted after a failure begins there too, and so misses nothing of the run.
   */
  public sealed interface Start {

    Start BEGINNING = new Beginning();

    /** Where each followed topic ends now, read_committed: what the roles about to start will write comes after. */
    static Start endsNow(Properties clientProperties, Topics topics) {
      try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(clientProperties),
          new StringDeserializer(), new ByteArrayDeserializer())) {
        return new Ends(Map.copyOf(consumer.endOffsets(partitions(consumer, topics))));
      }
    }

    void seek(Consumer<?, ?> consumer, List<TopicPartition> partitions);
  }

  private record Beginning() implements Start {
    @Override
    public void seek(Consumer<?, ?> consumer, List<TopicPartition> partitions) {
      consumer.seekToBeginning(partitions);
    }
  }

  record Ends(Map<TopicPartition, Long> offsets) implements Start {
    @Override
    public void seek(Consumer<?, ?> consumer, List<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        Long end = offsets.get(partition);
        if (end == null) {
          consumer.seekToBeginning(List.of(partition)); // added since: all of it is new
        } else {
          consumer.seek(partition, end);
        }
      }
    }
  }

  private final Topics topics;
  private final Start start;
  private final Consumer<String, byte[]> consumer;
  private final PrintStream out;
  private final AuditTally tally = new AuditTally();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AvroSerde<Decision> decisions = AvroSerde.of(Decision.class);
  private final AvroSerde<DeadLetter> deadLetters = AvroSerde.of(DeadLetter.class);
  private final AvroSerde<RemediationCommand> commands = AvroSerde.of(RemediationCommand.class);
  private final AvroSerde<BreakerState> breakerStates = AvroSerde.of(BreakerState.class);
  private final AvroSerde<RemediationResult> results = AvroSerde.of(RemediationResult.class);

  public AuditPrinter(Properties clientProperties, Topics topics, Start start, PrintStream out) {
    this(new KafkaConsumer<>(consumerProperties(clientProperties), new StringDeserializer(),
        new ByteArrayDeserializer()), topics, start, out);
  }

  AuditPrinter(Consumer<String, byte[]> consumer, Topics topics, Start start, PrintStream out) {
    this.topics = topics;
    this.start = start;
    this.consumer = consumer;
    this.out = out;
  }

  private static Properties consumerProperties(Properties clientProperties) {
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return properties;
  }

  public AuditTally tally() {
    return tally;
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> partitions = partitions(consumer, topics);
      consumer.assign(partitions);
      start.seek(consumer, partitions);
      while (!closed.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          print(record);
        }
      }
    } catch (WakeupException e) {
      if (!closed.get()) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  private static List<TopicPartition> partitions(Consumer<?, ?> consumer, Topics topics) {
    return Stream.of(topics.decisions(), topics.deadLetters(), topics.remediationsHeld(), topics.breaker(),
            topics.remediationResults())
        .flatMap(topic -> consumer.partitionsFor(topic).stream())
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
  }

  /**
   * One record, printed in one write so that other output (lessons) cannot land inside it. A record that cannot
   * be decoded or shown gets one line saying where it is, and the printer goes on with the next.
   */
  private void print(ConsumerRecord<String, byte[]> record) {
    String text;
    try {
      text = describe(record);
    } catch (RuntimeException e) {
      text = AuditFormat.unreadable(record.topic(), record.partition(), record.offset(), e);
    }
    out.print(text);
    out.flush();
  }

  private String describe(ConsumerRecord<String, byte[]> record) {
    String topic = record.topic();
    if (topic.equals(topics.decisions())) {
      Decision decision = decode(decisions, record);
      String text = AuditFormat.decision(decision);
      tally.decided(decision);
      return text;
    } else if (topic.equals(topics.deadLetters())) {
      String text = AuditFormat.deadLetter(decode(deadLetters, record), topic);
      tally.deadLettered();
      return text;
    } else if (topic.equals(topics.remediationsHeld())) {
      return AuditFormat.held(decode(commands, record));
    } else if (topic.equals(topics.breaker())) {
      return AuditFormat.breaker(decode(breakerStates, record));
    } else if (topic.equals(topics.remediationResults())) {
      String text = AuditFormat.result(decode(results, record));
      tally.resulted();
      return text;
    }
    throw new IllegalStateException("not a followed topic: " + topic);
  }

  private static <T extends SpecificRecord> T decode(AvroSerde<T> serde, ConsumerRecord<String, byte[]> record) {
    T value = serde.deserializer().deserialize(record.topic(), record.value());
    if (value == null) {
      throw new SerializationException("empty record");
    }
    return value;
  }

  @Override
  public void close() {
    closed.set(true);
    consumer.wakeup();
  }
}
