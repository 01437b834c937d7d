package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.DeadLetter;
import io.redress.kafka.RecordLoop.Retry;
import io.redress.kafka.RecordLoop.TransientFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * The record-loop policy every consumer outside the topology follows, on Kafka's mock clients: nothing is skipped,
 * everything ends as an output or a dead letter, committed with its offset.
 */
class RecordLoopTest {

  private static final String TOPIC = "commands";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  private static final Retry QUICK = new Retry(3, Duration.ZERO);
  /** Values are text; "bad" cannot be decoded. */
  private static final Deserializer<String> TEXT = (topic, bytes) -> {
    if (bytes == null) {
      return null;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.equals("bad")) {
      throw new SerializationException("not a command");
    }
    return text;
  };

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<String> handled = new ArrayList<>();
  private boolean released;

  @Test
  void eachRecordsOutputsCommitWithItsOffsetInOneTransaction() {
    run(echo(), "a", "b");

    assertThat(handled).containsExactly("a", "b");
    assertThat(producer.history()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("out:a", "out:b");
    assertThat(committedOffset()).isEqualTo(2);
    assertThat(producer.transactionCommitted()).isTrue();
  }

  @Test
  void anUndecodableRecordIsDeadLetteredWithTheStageAndTheNextOneHandled() {
    run(echo(), "bad", "b");

    assertThat(handled).containsExactly("b");
    DeadLetter deadLetter = onlyDeadLetter();
    assertThat(deadLetter.getStage()).isEqualTo("execute");
    assertThat(deadLetter.getReason()).startsWith("cannot decode").contains("not a command");
    assertThat(deadLetter.getOffset()).isZero();
    assertThat(StandardCharsets.UTF_8.decode(deadLetter.getPayload()).toString()).isEqualTo("bad");
    assertThat(committedOffset()).isEqualTo(2);
  }

  @Test
  void aRecordWithoutAValueIsDeadLetteredNotSkipped() {
    run(echo(), (String) null);

    assertThat(onlyDeadLetter().getReason()).startsWith("empty record");
    assertThat(committedOffset()).isEqualTo(1);
  }

  @Test
  void aTransientFailureIsRetriedUntilItPasses() {
    AtomicInteger attempts = new AtomicInteger();
    run((input, value) -> {
      if (attempts.incrementAndGet() < 3) {
        throw new TransientFailure("mail server busy", null);
      }
      return echo().handle(input, value);
    }, "a");

    assertThat(attempts).hasValue(3);
    assertThat(deadLetters()).isEmpty();
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void aTransientFailureThatNeverPassesIsDeadLetteredAfterTheLastAttempt() {
    AtomicInteger attempts = new AtomicInteger();
    run((input, value) -> {
      attempts.incrementAndGet();
      throw new TransientFailure("mail server down", new IllegalStateException("connection refused"));
    }, "a", "b");

    assertThat(attempts).hasValue(6);
    assertThat(deadLetters()).hasSize(2).allSatisfy(deadLetter -> assertThat(deadLetter.getReason())
        .isEqualTo("gave up after 3 attempts: TransientFailure: mail server down"));
    assertThat(committedOffset()).isEqualTo(2);
  }

  @Test
  void aPermanentFailureIsDeadLetteredAtOnceWithItsReason() {
    AtomicInteger attempts = new AtomicInteger();
    run((input, value) -> {
      attempts.incrementAndGet();
      throw new IllegalArgumentException("no action named 'x'");
    }, "a");

    assertThat(attempts).hasValue(1);
    assertThat(onlyDeadLetter().getReason()).isEqualTo("IllegalArgumentException: no action named 'x'");
  }

  @Test
  void aFailureWithoutAMessageIsNamedByItsType() {
    run((input, value) -> {
      throw new NullPointerException();
    }, "a");

    assertThat(onlyDeadLetter().getReason()).isEqualTo("NullPointerException");
  }

  @Test
  void aRefusedTransactionIsAbortedAndItsRecordsHandledAgain() {
    producer.commitTransactionException = new KafkaException("coordinator moved");
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      consumer.addRecord(record(0, "a"));
    });
    consumer.schedulePollTask(() -> {
      // The mock does not keep delivered records; the broker would serve them again from the rewound position.
      assertThat(consumer.position(PARTITION)).as("rewound to the first record of the aborted poll").isZero();
      producer.commitTransactionException = null;
      consumer.addRecord(record(0, "a"));
    });
    RecordLoop<String> loop = loop(echo());
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).containsExactly("a", "a");
    assertThat(producer.history()).hasSize(1);
    assertThat(committedOffset()).isEqualTo(1);
  }

  @Test
  void theHandlerForgetsWhatItWroteWhenPartitionsMoveAndWhenATransactionAborts() {
    List<String> events = new ArrayList<>();
    producer.commitTransactionException = new KafkaException("coordinator moved");
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      consumer.addRecord(record(0, "a"));
    });
    consumer.schedulePollTask(() -> {
      producer.commitTransactionException = null;
      consumer.addRecord(record(0, "a"));
    });
    RecordLoop<String> loop = new RecordLoop<>("execute", TOPIC, TEXT, (input, value) -> {
      events.add("handle " + value);
      return echo().handle(input, value);
    }, QUICK, consumer, producer, () -> released = true, () -> events.add("forget"));
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(events).containsExactly("forget", "handle a", "forget", "handle a");
  }

  @Test
  void aFencedLoopStopsWithTheErrorForItsSupervisor() {
    producer.commitTransactionException = new ProducerFencedException("a newer instance took over");
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      consumer.addRecord(record(0, "a"));
    });

    assertThatThrownBy(loop(echo())::run).isInstanceOf(ProducerFencedException.class);
    assertThat(consumer.closed()).isTrue();
    assertThat(released).as("the handler's resources are released").isTrue();
  }

  @Test
  void closingBeforeRunningReleasesEverything() {
    RecordLoop<String> loop = loop(echo());

    loop.close();

    assertThat(consumer.closed()).isTrue();
    assertThat(producer.closed()).isTrue();
    assertThat(released).isTrue();
  }

  @Test
  void closingDuringARetryPauseLeavesTheRecordUnconsumedForTheNextOwner() {
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      consumer.addRecord(record(0, "a"));
    });
    AtomicReference<RecordLoop<String>> loop = new AtomicReference<>();
    loop.set(new RecordLoop<>("notify", TOPIC, TEXT, (input, value) -> {
      loop.get().close();
      throw new TransientFailure("mail server down", null);
    }, new Retry(5, Duration.ofMinutes(10)), consumer, producer, () -> released = true));

    loop.get().run();

    assertThat(producer.history()).as("neither an output nor a dead letter").isEmpty();
    assertThat(producer.consumerGroupOffsetsHistory()).as("no offset committed").isEmpty();
  }

  @Test
  void aSingleAttemptIsAllowedAndNoneIsNot() {
    assertThat(new Retry(1, Duration.ZERO).attempts()).isEqualTo(1);
    assertThatThrownBy(() -> new Retry(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Retry(1, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retriesPauseLongerEachTime() {
    Retry retry = new Retry(4, Duration.ofMillis(100));

    assertThat(List.of(retry.pauseAfter(1), retry.pauseAfter(2), retry.pauseAfter(3)))
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
  }

  private RecordLoop.Handler<String> echo() {
    return (input, value) -> {
      handled.add(value);
      return List.of(new ProducerRecord<>("results", input.key(), ("out:" + value).getBytes(StandardCharsets.UTF_8)));
    };
  }

  private RecordLoop<String> loop(RecordLoop.Handler<String> handler) {
    return new RecordLoop<>("execute", TOPIC, TEXT, handler, QUICK, consumer, producer, () -> released = true);
  }

  /** Runs the loop on this thread over the given values, then closes it from inside the next poll. */
  private void run(RecordLoop.Handler<String> handler, String... values) {
    RecordLoop<String> loop = loop(handler);
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      for (int offset = 0; offset < values.length; offset++) {
        consumer.addRecord(record(offset, values[offset]));
      }
    });
    consumer.schedulePollTask(() -> {
      assertThat(consumer.position(PARTITION)).as("a committed poll is not read again").isEqualTo(values.length);
      loop.close();
    });
    loop.run();
    assertThat(consumer.closed()).as("the loop closes its consumer when it stops").isTrue();
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, ("key-" + offset).getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private List<DeadLetter> deadLetters() {
    return producer.history().stream()
        .filter(record -> record.topic().equals(Topics.DEAD_LETTERS))
        .map(record -> AvroSerde.of(DeadLetter.class).deserializer().deserialize(Topics.DEAD_LETTERS, record.value()))
        .toList();
  }

  private DeadLetter onlyDeadLetter() {
    assertThat(deadLetters()).hasSize(1);
    return deadLetters().get(0);
  }

  private long committedOffset() {
    return producer.consumerGroupOffsetsHistory().stream()
        .flatMap(byGroup -> byGroup.values().stream())
        .map(offsets -> offsets.get(PARTITION))
        .mapToLong(OffsetAndMetadata::offset)
        .max().orElse(0);
  }
}
