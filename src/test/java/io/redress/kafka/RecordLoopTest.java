package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.kafka.RecordLoop.Retry;
import io.redress.kafka.RecordLoop.TransientFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * The record-loop policy every consumer outside the topology follows, on Kafka's mock clients: nothing is skipped,
 * everything ends as an output or a dead letter, committed with its offset.
 */
class RecordLoopTest {

  private static final String TOPIC = "commands";
  private static final String DEAD_LETTERS = Topics.UNPREFIXED.deadLetters();
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

  private final EagerConsumer consumer = new EagerConsumer();
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<String> handled = new ArrayList<>();
  private boolean released;

  @Test
  void eachRecordsOutputsCommitWithItsOffsetInOneTransaction() {
    run(echo(), "a", "b");

    assertThat(handled).containsExactly("a", "b");
    assertThat(sent()).containsExactly("out:a", "out:b");
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
    firstPollDelivers("a");
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
  void aCommitKafkaDidNotAnswerInTimeIsAwaitedAgainNotAborted() {
    SlowProducer slowCommits = new SlowProducer(2, 0);
    RecordLoop<String> loop = loop(echo(), slowCommits);
    firstPollDelivers("a");
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).as("handled once: the commit went through on a later wait").containsExactly("a");
    assertThat(slowCommits.transactionCommitted()).isTrue();
    assertThat(slowCommits.transactionAborted()).isFalse();
  }

  @Test
  void anAbortKafkaDidNotAnswerInTimeIsAwaitedAgainAndThePollHandledAgain() {
    SlowProducer slowAborts = new SlowProducer(0, 1);
    slowAborts.commitTransactionException = new KafkaException("coordinator moved");
    RecordLoop<String> loop = loop(echo(), slowAborts);
    firstPollDelivers("a");
    consumer.schedulePollTask(() -> consumer.addRecord(record(0, "a")));
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).containsExactly("a", "a");
    assertThat(slowAborts.history()).hasSize(1);
    assertThat(slowAborts.transactionCommitted()).isTrue();
  }

  @Test
  void theHandlerForgetsWhatItSentWhenPartitionsMoveAndWhenATransactionAborts() {
    List<String> events = new ArrayList<>();
    producer.commitTransactionException = new KafkaException("coordinator moved");
    firstPollDelivers("a");
    consumer.schedulePollTask(() -> {
      producer.commitTransactionException = null;
      consumer.addRecord(record(0, "a"));
    });
    RecordLoop.Handler<String> handler = new RecordLoop.Handler<>() {
      @Override
      public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, String value) {
        events.add("handle " + value);
        return echo().handle(input, value);
      }

      @Override
      public ProducerRecord<byte[], byte[]> beforeSend(ConsumerRecord<byte[], byte[]> input,
          ProducerRecord<byte[], byte[]> output) {
        events.add("send " + new String(output.value(), StandardCharsets.UTF_8));
        return output;
      }

      @Override
      public void forgetSent() {
        events.add("forget");
      }
    };
    RecordLoop<String> loop = new RecordLoop<>("execute", DEAD_LETTERS, TOPIC, TEXT, handler, QUICK, consumer, producer,
        () -> released = true);
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(events).containsExactly("forget", "handle a", "send out:a", "forget", "handle a", "send out:a");
  }

  @Test
  void aPollThatRunsOutOfTimeToStartRecordsCommitsWhatItHandledAndReadsTheRestAgain() {
    RecordLoop<String> loop = new RecordLoop<>("execute", DEAD_LETTERS, List.of(TOPIC), TEXT, (input, value) -> {
      if (value.equals("slow")) {
        sleep(400);
      }
      return echo().handle(input, value);
    }, QUICK, Concurrency.sequential(), Duration.ofMillis(200), consumer, producer, () -> released = true);
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      consumer.addRecord(record(0, "slow"));
      consumer.addRecord(record(1, "b"));
      consumer.addRecord(record(2, "c"));
    });
    consumer.schedulePollTask(() -> {
      assertThat(consumer.position(PARTITION)).as("read again from the first record not started").isEqualTo(1);
      assertThat(committedOffset()).isEqualTo(1);
      consumer.addRecord(record(1, "b"));
      consumer.addRecord(record(2, "c"));
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).containsExactly("slow", "b", "c");
    assertThat(sent()).containsExactly("out:slow", "out:b", "out:c");
    assertThat(committedOffset()).isEqualTo(3);
  }

  @Test
  void aRecordHandledPastOneLeftForTheNextPollIsNotHandledAgainWhenItComesBack() {
    RecordLoop<String> loop = pollWithAGap();
    consumer.schedulePollTask(() -> {
      assertThat(consumer.position(PARTITION)).isEqualTo(1);
      assertThat(handled).containsExactlyInAnyOrder("x-slow", "y");
      consumer.addRecord(record(1, "x", "x-next"));
      consumer.addRecord(record(2, "y", "y"));
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).as("y is handled once").containsExactlyInAnyOrder("x-slow", "y", "x-next");
    assertThat(sent()).containsExactly("out:x-slow", "out:x-next", "out:y");
    assertThat(committedOffset()).isEqualTo(3);
  }

  @Test
  void anotherRecordFoundWhereAHandledOneWaitedIsHandledItself() {
    RecordLoop<String> loop = pollWithAGap();
    consumer.schedulePollTask(() -> {
      consumer.addRecord(record(1, "x", "x-next"));
      consumer.addRecord(record(2, "z", "z")); // the topic was made again, say
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).containsExactlyInAnyOrder("x-slow", "y", "x-next", "z");
    assertThat(sent()).containsExactly("out:x-slow", "out:x-next", "out:z");
  }

  @Test
  void outputsWaitingForARecordAreForgottenWhenItsPartitionIsRevoked() {
    RecordLoop<String> loop = pollWithAGap();
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of());
      consumer.rebalance(List.of(PARTITION));
      consumer.seek(PARTITION, 1);
      consumer.addRecord(record(1, "x", "x-next"));
      consumer.addRecord(record(2, "y", "y"));
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).as("a partition assigned again is handled as a new owner would")
        .containsExactlyInAnyOrder("x-slow", "y", "x-next", "y");
  }

  @Test
  void outputsWaitingInAPartitionTheLoopKeepsThroughARebalanceAreStillUsed() {
    RecordLoop<String> loop = pollWithAGap(List.of(PARTITION, new TopicPartition(TOPIC, 1)));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      consumer.addRecord(record(1, "x", "x-next"));
      consumer.addRecord(record(2, "y", "y"));
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).as("y is handled once").containsExactlyInAnyOrder("x-slow", "y", "x-next");
  }

  @Test
  void outputsWaitingInAPartitionAnEagerRebalanceGivesStraightBackAreStillUsed() {
    RecordLoop<String> loop = pollWithAGap();
    consumer.schedulePollTask(() -> {
      consumer.rebalanceEagerly(List.of(PARTITION));
      consumer.seek(PARTITION, 1); // the committed offset, where a consumer given a partition starts
      consumer.addRecord(record(1, "x", "x-next"));
      consumer.addRecord(record(2, "y", "y"));
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).as("y is handled once").containsExactlyInAnyOrder("x-slow", "y", "x-next");
    assertThat(sent()).containsExactly("out:x-slow", "out:x-next", "out:y");
  }

  @Test
  void outputsWaitingInAPartitionAnEagerRebalanceMovesAwayAreForgotten() {
    RecordLoop<String> loop = pollWithAGap();
    consumer.schedulePollTask(() -> {
      consumer.rebalanceEagerly(List.of());
      consumer.rebalanceEagerly(List.of(PARTITION));
      consumer.seek(PARTITION, 1);
      consumer.addRecord(record(1, "x", "x-next"));
      consumer.addRecord(record(2, "y", "y"));
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).as("a partition assigned again is handled as a new owner would")
        .containsExactlyInAnyOrder("x-slow", "y", "x-next", "y");
  }

  @Test
  void outputsWaitingForARecordThePartitionIsReadPastAreForgotten() {
    RecordLoop<String> loop = pollWithAGap();
    consumer.schedulePollTask(() -> {
      // Out of the group for a while, the loop is given the partition back after another member committed past y.
      consumer.rebalanceEagerly(List.of(PARTITION));
      consumer.seek(PARTITION, 3);
      consumer.addRecord(record(3, "z", "z"));
    });
    consumer.schedulePollTask(() -> {
      consumer.seek(PARTITION, 1); // the group's offsets reset, say
      consumer.addRecord(record(1, "x", "x-next"));
      consumer.addRecord(record(2, "y", "y"));
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).containsExactlyInAnyOrder("x-slow", "y", "z", "x-next", "y");
  }

  @Test
  void outputsWaitingInALostPartitionAreForgotten() {
    RecordLoop<String> loop = pollWithAGap();
    consumer.schedulePollTask(() -> {
      consumer.losePartitions(List.of(PARTITION));
      consumer.rebalance(List.of(PARTITION));
      consumer.seek(PARTITION, 1);
      consumer.addRecord(record(1, "x", "x-next"));
      consumer.addRecord(record(2, "y", "y"));
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).containsExactlyInAnyOrder("x-slow", "y", "x-next", "y");
  }

  @Test
  void aPollWhoseOutputsCannotBeLinkedYetIsReadAgainAndItsOutputsSentThenNotTheLoopsEnd() {
    AtomicInteger links = new AtomicInteger();
    RecordLoop.Handler<String> handler = new RecordLoop.Handler<>() {
      @Override
      public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, String value) {
        return echo().handle(input, value);
      }

      @Override
      public ProducerRecord<byte[], byte[]> beforeSend(ConsumerRecord<byte[], byte[]> input,
          ProducerRecord<byte[], byte[]> output) {
        if (links.incrementAndGet() == 1) {
          throw new TransientFailure("results-0 still has a transaction open", null);
        }
        return output;
      }
    };
    RecordLoop<String> loop = new RecordLoop<>("execute", DEAD_LETTERS, TOPIC, TEXT, handler, QUICK, consumer,
        producer, () -> released = true);
    firstPollDelivers("a");
    consumer.schedulePollTask(() -> consumer.addRecord(record(0, "a")));
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).as("what the record produced waited for it").containsExactly("a");
    assertThat(producer.history()).hasSize(1);
    assertThat(committedOffset()).isEqualTo(1);
  }


  @Test
  void aPartitionWhoseOutputsCannotBeLinkedYetIsReadAgainWhileTheOthersCommit() {
    TopicPartition second = new TopicPartition(TOPIC, 1);
    AtomicInteger secondLinks = new AtomicInteger();
    RecordLoop.Handler<String> handler = new RecordLoop.Handler<>() {
      @Override
      public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, String value) {
        return echo().handle(input, value);
      }

      @Override
      public ProducerRecord<byte[], byte[]> beforeSend(ConsumerRecord<byte[], byte[]> input,
          ProducerRecord<byte[], byte[]> output) {
        if (input.partition() == 1 && secondLinks.incrementAndGet() == 1) {
          throw new TransientFailure("results-1 still has a transaction open", null);
        }
        return output;
      }
    };
    RecordLoop<String> loop = loop(handler);
    ConsumerRecord<byte[], byte[]> onSecond = new ConsumerRecord<>(TOPIC, 1, 0, bytes("key-b"), bytes("b"));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L, second, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION, second));
      consumer.addRecord(record(0, "a"));
      consumer.addRecord(onSecond);
    });
    consumer.schedulePollTask(() -> {
      assertThat(sent()).as("the partition that could be linked committed").containsExactly("out:a");
      assertThat(consumer.position(second)).as("the other is read again").isZero();
      consumer.addRecord(onSecond);
    });
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).as("what b produced waited for it").containsExactly("a", "b");
    assertThat(sent()).containsExactly("out:a", "out:b");
    assertThat(producer.consumerGroupOffsetsHistory()).hasSize(2);
  }

  @Test
  void aHandlerForgetsWhatItSentWhenAPartitionsOutputsCannotBeLinkedThoughTheOthersCommit() {
    TopicPartition second = new TopicPartition(TOPIC, 1);
    List<String> events = new CopyOnWriteArrayList<>();
    RecordLoop.Handler<String> handler = new RecordLoop.Handler<>() {
      @Override
      public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, String value) {
        return echo().handle(input, value);
      }

      @Override
      public ProducerRecord<byte[], byte[]> beforeSend(ConsumerRecord<byte[], byte[]> input,
          ProducerRecord<byte[], byte[]> output) {
        String value = new String(input.value(), StandardCharsets.UTF_8);
        if (input.partition() == 1 && events.stream().noneMatch(event -> event.startsWith("unlinked"))) {
          events.add("unlinked " + value);
          throw new TransientFailure("results-1 still has a transaction open", null);
        }
        events.add("link " + value);
        return output;
      }

      @Override
      public void forgetSent() {
        events.add("forget");
      }
    };
    RecordLoop<String> loop = loop(handler);
    ConsumerRecord<byte[], byte[]> onSecond = new ConsumerRecord<>(TOPIC, 1, 0, bytes("key-b"), bytes("b"));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L, second, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION, second));
      consumer.addRecord(record(0, "a"));
      consumer.addRecord(onSecond);
    });
    consumer.schedulePollTask(() -> consumer.addRecord(onSecond));
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(events).as("what it remembers of results-1 ran ahead of what was sent, so it reads it back")
        .containsSubsequence("unlinked b", "forget", "link b");
  }

  @Test
  void aRecordWhoseOutputCannotBeEncodedOnceLinkedIsDeadLetteredAndTheNextOneSent() {
    run(new RecordLoop.Handler<>() {
      @Override
      public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, String value) {
        return echo().handle(input, value);
      }

      @Override
      public ProducerRecord<byte[], byte[]> beforeSend(ConsumerRecord<byte[], byte[]> input,
          ProducerRecord<byte[], byte[]> output) {
        if (new String(output.value(), StandardCharsets.UTF_8).equals("out:huge")) {
          throw new SerializationException("a record of 1000090 bytes, over the limit of 1000000 bytes");
        }
        return output;
      }
    }, "huge", "b");

    assertThat(handled).containsExactly("huge", "b");
    assertThat(onlyDeadLetter().getReason()).contains("cannot be sent once linked").contains("over the limit");
    assertThat(sent()).last().isEqualTo("out:b");
    assertThat(committedOffset()).isEqualTo(2);
  }

  @Test
  void thePartitionWhoseRecordsStartFirstTurnsWithEachPoll() {
    List<TopicPartition> three = List.of(PARTITION, new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 2));
    RecordLoop<String> loop = new RecordLoop<>("execute", DEAD_LETTERS, List.of(TOPIC), TEXT, echo(), QUICK,
        Concurrency.sequential(), Duration.ofMinutes(1), consumer, producer, () -> released = true);
    consumer.updateBeginningOffsets(Map.of(three.get(0), 0L, three.get(1), 0L, three.get(2), 0L));
    consumer.schedulePollTask(() -> consumer.rebalance(three));
    for (int poll = 0; poll < 3; poll++) {
      long offset = poll;
      consumer.schedulePollTask(() -> three.forEach(partition -> consumer.addRecord(new ConsumerRecord<>(TOPIC,
          partition.partition(), offset, bytes("k"), bytes("p" + partition.partition() + "@" + offset)))));
    }
    consumer.schedulePollTask(loop::close);

    loop.run();

    assertThat(handled).containsExactly("p0@0", "p1@0", "p2@0", "p1@1", "p2@1", "p0@1", "p2@2", "p0@2", "p1@2");
  }

  /**
   * A concurrent loop whose first poll runs out of time with a gap: x's first record outlasts the time to start
   * records, so x's second is left, while y's record after it in the partition, on the other thread, is handled.
   */
  private RecordLoop<String> pollWithAGap() {
    return pollWithAGap(List.of(PARTITION));
  }

  /** {@link #pollWithAGap()} with the loop assigned {@code assignment}, which holds {@link #PARTITION}. */
  private RecordLoop<String> pollWithAGap(List<TopicPartition> assignment) {
    CountDownLatch yHandled = new CountDownLatch(1);
    RecordLoop<String> loop = new RecordLoop<>("execute", DEAD_LETTERS, List.of(TOPIC), TEXT, (input, value) -> {
      if (value.equals("x-slow")) {
        await(yHandled);
        sleep(1_200);
      }
      List<ProducerRecord<byte[], byte[]>> outputs;
      synchronized (handled) {
        outputs = echo().handle(input, value);
      }
      if (value.equals("y")) {
        yHandled.countDown();
      }
      return outputs;
    }, QUICK, concurrent(2, 2), Duration.ofSeconds(1), consumer, producer, () -> released = true);
    Map<TopicPartition, Long> beginnings = new HashMap<>();
    assignment.forEach(partition -> beginnings.put(partition, 0L));
    consumer.updateBeginningOffsets(beginnings);
    consumer.schedulePollTask(() -> {
      consumer.rebalance(assignment);
      consumer.addRecord(record(0, "x", "x-slow"));
      consumer.addRecord(record(1, "x", "x-next"));
      consumer.addRecord(record(2, "y", "y"));
    });
    return loop;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void recordsAreStartedWithinAFifthOfTheConsumersPollInterval() {
    assertThat(RecordLoop.startWithin(Map.of())).isEqualTo(Duration.ofMinutes(2));
    assertThat(RecordLoop.startWithin(Map.of("max.poll.interval.ms", "60000"))).isEqualTo(Duration.ofSeconds(12));
    assertThat(RecordLoop.startWithin(Map.of("max.poll.interval.ms", 6000))).isEqualTo(Duration.ofMillis(1200));
    assertThatThrownBy(() -> new RecordLoop<>("execute", DEAD_LETTERS, List.of(TOPIC), TEXT, echo(), QUICK,
        Concurrency.sequential(), Duration.ZERO, consumer, producer, () -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outputsGoThroughTheHandlerInPartitionAndOffsetOrderWhateverOrderTheyWereMadeIn() {
    List<String> sent = new ArrayList<>();
    CountDownLatch lastDone = new CountDownLatch(1);
    RecordLoop.Handler<String> handler = new RecordLoop.Handler<>() {
      @Override
      public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, String value) {
        try {
          if (value.equals("first")) { // finishes only once the last one has
            assertThat(lastDone.await(10, TimeUnit.SECONDS)).as("the records were handled side by side").isTrue();
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        List<ProducerRecord<byte[], byte[]>> outputs = echo().handle(input, value);
        if (value.equals("third")) {
          lastDone.countDown();
        }
        return outputs;
      }

      @Override
      public ProducerRecord<byte[], byte[]> beforeSend(ConsumerRecord<byte[], byte[]> input,
          ProducerRecord<byte[], byte[]> output) {
        sent.add(input.partition() + "@" + input.offset());
        return output;
      }
    };

    run(concurrent(4, 4), handler,
        records(record(0, "k1", "first"), record(1, "k2", "second"), record(2, "k3", "third")));

    assertThat(sent).containsExactly("0@0", "0@1", "0@2");
  }

  @Test
  void aFencedLoopStopsWithTheErrorForItsSupervisor() {
    producer.commitTransactionException = new ProducerFencedException("a newer instance took over");
    firstPollDelivers("a");

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
    firstPollDelivers("a");
    AtomicReference<RecordLoop<String>> loop = new AtomicReference<>();
    loop.set(new RecordLoop<>("notify", DEAD_LETTERS, TOPIC, TEXT, (input, value) -> {
      loop.get().close();
      throw new TransientFailure("mail server down", null);
    }, new Retry(5, Duration.ofMinutes(10)), consumer, producer, () -> released = true));

    loop.get().run();

    assertThat(producer.history()).as("neither an output nor a dead letter").isEmpty();
    assertThat(producer.consumerGroupOffsetsHistory()).as("no offset committed").isEmpty();
  }

  @Test
  void closingInterruptsARecordStillInHandAfterThePatienceAndCommitsItsResultWithTheFinishedOnes() throws Exception {
    CountDownLatch othersDone = new CountDownLatch(3);
    CountDownLatch slowStarted = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    RecordLoop.Handler<String> handler = (input, value) -> {
      if (value.equals("slow")) {
        slowStarted.countDown();
        try {
          Thread.sleep(Duration.ofMinutes(10).toMillis()); // an action waiting for AWS to show its change
        } catch (InterruptedException e) {
          interrupted.set(true);
          Thread.currentThread().interrupt(); // kept, as Settling keeps it
          return output(input, "interrupted:slow");
        }
      }
      othersDone.countDown();
      return output(input, "out:" + value);
    };
    RecordLoop<String> loop = new RecordLoop<>("execute", DEAD_LETTERS, List.of(TOPIC), TEXT, handler, QUICK,
        concurrent(4, 4), RecordLoop.startWithin(Map.of()), consumer, producer, () -> released = true);
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      List.of(record(0, "k0", "a"), record(1, "k1", "slow"), record(2, "k2", "b"), record(3, "k3", "c"))
          .forEach(consumer::addRecord);
    });
    Thread looping = new Thread(loop);
    looping.start();
    assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(othersDone.await(10, TimeUnit.SECONDS)).isTrue();

    long begin = System.nanoTime();
    loop.close(Duration.ofMillis(200));

    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    looping.join(5_000);
    assertThat(looping.isAlive()).isFalse();
    assertThat(interrupted).as("the record in hand was interrupted").isTrue();
    assertThat(sent()).containsExactly("out:a", "interrupted:slow", "out:b", "out:c");
    assertThat(committedOffset()).isEqualTo(4);
    assertThat(producer.commitCount()).isEqualTo(1);
    assertThat(released).isTrue();
  }

  @Test
  void aRecordInterruptedOnTheLoopsOwnThreadLeavesNoInterruptForTheCommit() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interruptedAtSend = new AtomicBoolean(true);
    RecordLoop.Handler<String> handler = new RecordLoop.Handler<>() {
      @Override
      public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, String value) {
        started.countDown();
        try {
          Thread.sleep(Duration.ofMinutes(10).toMillis());
          return output(input, "finished");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return output(input, "interrupted");
        }
      }

      @Override
      public ProducerRecord<byte[], byte[]> beforeSend(ConsumerRecord<byte[], byte[]> input,
          ProducerRecord<byte[], byte[]> output) {
        interruptedAtSend.set(Thread.currentThread().isInterrupted());
        return output;
      }
    };
    RecordLoop<String> loop = loop(handler);
    firstPollDelivers("a");
    Thread looping = new Thread(loop);
    looping.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    loop.close(Duration.ofMillis(200));

    looping.join(5_000);
    assertThat(interruptedAtSend).as("an interrupt left on the loop's thread would fail Kafka's calls").isFalse();
    assertThat(sent()).containsExactly("interrupted");
    assertThat(committedOffset()).isEqualTo(1);
  }

  @Test
  void aRecordThatFailsBecauseClosingInterruptedItIsLeftForTheNextOwnerNotDeadLettered() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    RecordLoop<String> loop = loop((input, value) -> {
      started.countDown();
      try {
        Thread.sleep(Duration.ofMinutes(10).toMillis()); // a lesson being posted to Slack
        return output(input, "sent");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while posting to Slack", e);
      }
    });
    firstPollDelivers("a");
    Thread looping = new Thread(loop);
    looping.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    loop.close(Duration.ofMillis(200));

    looping.join(5_000);
    assertThat(looping.isAlive()).isFalse();
    assertThat(producer.history()).as("neither an output nor a dead letter").isEmpty();
    assertThat(producer.consumerGroupOffsetsHistory()).as("no offset committed").isEmpty();
  }

  @Test
  void aRecordStoppedBeforeActingIsLeftForTheNextOwnerWhileThoseBeforeItCommit() throws Exception {
    CountDownLatch inHand = new CountDownLatch(2);
    RecordLoop<String> loop = concurrentLoop(stoppedBeforeActing(inHand));
    deliver(record(0, "k0", "a"), record(1, "k1", "stopped"));

    stopOnce(loop, inHand);

    assertThat(sent()).containsExactly("out:a");
    assertThat(committedOffset()).isEqualTo(1);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void aRecordStoppedBeforeActingIsAnsweredWhenOneAfterItInItsPartitionFinishedWhoseOutputsCommitOnlyWithIt()
      throws Exception {
    CountDownLatch inHand = new CountDownLatch(3);
    RecordLoop<String> loop = concurrentLoop(stoppedBeforeActing(inHand));
    deliver(record(0, "k0", "stopped-first"), record(1, "k1", "a"), record(2, "k2", "stopped-last"));

    stopOnce(loop, inHand);

    assertThat(sent()).as("the last one has nothing after it to answer for").containsExactly("answer:stopped-first",
        "out:a");
    assertThat(committedOffset()).isEqualTo(2);
  }

  @Test
  void aRecordStoppedBeforeActingWhileTheLoopRunsOnIsAnswered() {
    run((input, value) -> {
      throw new RecordLoop.StoppedBeforeActing("stopped by something else", output(input, "answer:" + value));
    }, "a");

    assertThat(sent()).containsExactly("answer:a");
    assertThat(committedOffset()).isEqualTo(1);
  }

  @Test
  void aRecordThatFailsBecauseClosingInterruptedItIsDeadLetteredWhenOneAfterItInItsPartitionFinished()
      throws Exception {
    CountDownLatch inHand = new CountDownLatch(3);
    RecordLoop<String> loop = concurrentLoop(cutShort(inHand,
        interrupted -> new IllegalStateException("interrupted while posting to Slack", interrupted)));
    deliver(record(0, "k0", "cut-first"), record(1, "k1", "a"), record(2, "k2", "cut-last"));

    stopOnce(loop, inHand);

    assertThat(sent()).as("the last one has nothing after it to answer for").hasSize(2).endsWith("out:a");
    DeadLetter deadLetter = onlyDeadLetter();
    assertThat(deadLetter.getOffset()).isZero();
    assertThat(deadLetter.getReason()).contains("interrupted by the loop's stop")
        .contains("interrupted while posting to Slack");
    assertThat(committedOffset()).isEqualTo(2);
  }

  @Test
  void aRecordKafkasInterruptStoppedIsDeadLetteredWhenOneAfterItInItsPartitionFinished() throws Exception {
    CountDownLatch inHand = new CountDownLatch(2);
    RecordLoop<String> loop = concurrentLoop(cutShort(inHand, InterruptException::new));
    deliver(record(0, "k0", "cut"), record(1, "k1", "a"));

    stopOnce(loop, inHand);

    assertThat(onlyDeadLetter().getReason()).contains("interrupted by the loop's stop");
    assertThat(sent()).hasSize(2).endsWith("out:a");
    assertThat(committedOffset()).isEqualTo(2);
  }

  @Test
  void aRecordWhoseRetryTheStopCutShortIsDeadLetteredWhenOneAfterItInItsPartitionFinished() throws Exception {
    CountDownLatch inHand = new CountDownLatch(2);
    RecordLoop<String> loop = new RecordLoop<>("notify", DEAD_LETTERS, List.of(TOPIC), TEXT, (input, value) -> {
      inHand.countDown();
      if (value.equals("down")) {
        throw new TransientFailure("mail server down", null);
      }
      return output(input, "out:" + value);
    }, new Retry(5, Duration.ofMinutes(10)), concurrent(4, 4), RecordLoop.startWithin(Map.of()), consumer, producer,
        () -> released = true);
    deliver(record(0, "k0", "down"), record(1, "k1", "a"));

    stopOnce(loop, inHand);

    assertThat(onlyDeadLetter().getReason()).contains("attempt 1 of 5").contains("mail server down")
        .contains("stopped before trying again");
    assertThat(sent()).hasSize(2).endsWith("out:a");
    assertThat(committedOffset()).isEqualTo(2);
  }

  /**
   * Records named "cut..." wait until interrupted, then fail with what {@code failure} makes of the interrupt; the
   * others finish at once. Each counts down {@code inHand} once it is handled or waiting.
   */
  private RecordLoop.Handler<String> cutShort(CountDownLatch inHand,
      Function<InterruptedException, RuntimeException> failure) {
    return (input, value) -> {
      inHand.countDown();
      if (!value.startsWith("cut")) {
        return output(input, "out:" + value);
      }
      try {
        Thread.sleep(Duration.ofMinutes(10).toMillis()); // a lesson being sent
        return output(input, "out:" + value);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure.apply(e);
      }
    };
  }

  /**
   * Records named "stopped..." wait until interrupted, then throw {@link RecordLoop.StoppedBeforeActing}; the others
   * finish at once. Each counts down {@code inHand} once it is handled or waiting.
   */
  private RecordLoop.Handler<String> stoppedBeforeActing(CountDownLatch inHand) {
    return (input, value) -> {
      if (!value.startsWith("stopped")) {
        inHand.countDown();
        return output(input, "out:" + value);
      }
      inHand.countDown();
      try {
        Thread.sleep(Duration.ofMinutes(10).toMillis()); // an action reading the state it would change
        return output(input, "out:" + value);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RecordLoop.StoppedBeforeActing("interrupted while reading", output(input, "answer:" + value));
      }
    };
  }

  private RecordLoop<String> concurrentLoop(RecordLoop.Handler<String> handler) {
    return new RecordLoop<>("execute", DEAD_LETTERS, List.of(TOPIC), TEXT, handler, QUICK, concurrent(4, 4),
        RecordLoop.startWithin(Map.of()), consumer, producer, () -> released = true);
  }

  @SafeVarargs
  private void deliver(ConsumerRecord<byte[], byte[]>... records) {
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      List.of(records).forEach(consumer::addRecord);
    });
  }

  /** Runs the loop until every record is in hand, then closes it, interrupting those still in hand at once. */
  private static void stopOnce(RecordLoop<String> loop, CountDownLatch inHand) throws InterruptedException {
    Thread looping = new Thread(loop);
    looping.start();
    assertThat(inHand.await(10, TimeUnit.SECONDS)).isTrue();
    loop.close(Duration.ofMillis(200));
    looping.join(5_000);
    assertThat(looping.isAlive()).isFalse();
  }

  @Test
  void recordsOfDifferentKeysAreHandledSideBySide() {
    CyclicBarrier both = new CyclicBarrier(2);
    run(concurrent(4, 4), (input, value) -> {
      try {
        both.await(10, TimeUnit.SECONDS); // only passes when the other record is being handled at the same time
      } catch (Exception e) {
        throw new IllegalStateException("the records were not handled side by side", e);
      }
      return echo().handle(input, value);
    }, records(record(0, "k1", "a"), record(1, "k2", "b")));

    assertThat(deadLetters()).isEmpty();
    assertThat(committedOffset()).isEqualTo(2);
  }

  @Test
  void recordsOfOneKeyAreHandledOneAtATimeInOffsetOrder() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<String> order = new CopyOnWriteArrayList<>();
    run(concurrent(4, 4), (input, value) -> {
      mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      pauseBriefly();
      order.add(value);
      inFlight.decrementAndGet();
      return List.of();
    }, records(record(0, "k", "1"), record(1, "k", "2"), record(2, "k", "3"), record(3, "k", "4")));

    assertThat(order).containsExactly("1", "2", "3", "4");
    assertThat(mostAtOnce.get()).isEqualTo(1);
  }

  @Test
  void aLaneNeverHandlesMoreRecordsAtOnceThanItsBound() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    RecordLoop.Handler<String> slow = (input, value) -> {
      mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      pauseBriefly();
      inFlight.decrementAndGet();
      return List.of();
    };
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int offset = 0; offset < 8; offset++) {
      records.add(record(offset, "k" + offset, "v" + offset));
    }

    run(new Concurrency<>(6, 2, value -> "one account and region"), slow, records);

    assertThat(mostAtOnce.get()).isBetween(1, 2);
    assertThat(committedOffset()).isEqualTo(8);
  }

  @Test
  void aConcurrentPollCommitsItsOutputsInPartitionAndOffsetOrderInOneTransaction() {
    List<ConsumerRecord<byte[], byte[]>> records = List.of(
        new ConsumerRecord<>(TOPIC, 1, 0, bytes("x"), bytes("p1-0")), record(0, "y", "p0-0"),
        new ConsumerRecord<>(TOPIC, 1, 1, bytes("z"), bytes("p1-1")), record(1, "w", "p0-1"));

    run(concurrent(4, 4), echo(), records);

    assertThat(sent()).containsExactly("out:p0-0", "out:p0-1", "out:p1-0", "out:p1-1");
    assertThat(producer.commitCount()).isEqualTo(1);
  }

  @Test
  void theHandlerHearsOfEachPollBeforeAnyOfItsRecords() {
    List<String> events = new ArrayList<>();
    RecordLoop.Handler<String> handler = new RecordLoop.Handler<>() {
      @Override
      public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, String value) {
        events.add(value);
        return List.of();
      }

      @Override
      public void beforeBatch() {
        events.add("poll");
      }
    };

    run(handler, "a", "b");

    assertThat(events).containsExactly("poll", "a", "b");
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

  private static List<ProducerRecord<byte[], byte[]>> output(ConsumerRecord<byte[], byte[]> input, String value) {
    return List.of(new ProducerRecord<>("results", input.key(), bytes(value)));
  }

  private RecordLoop.Handler<String> echo() {
    return (input, value) -> {
      handled.add(value);
      return List.of(new ProducerRecord<>("results", input.key(), ("out:" + value).getBytes(StandardCharsets.UTF_8)));
    };
  }

  private RecordLoop<String> loop(RecordLoop.Handler<String> handler) {
    return loop(handler, producer);
  }

  private RecordLoop<String> loop(RecordLoop.Handler<String> handler, MockProducer<byte[], byte[]> producer) {
    return new RecordLoop<>("execute", DEAD_LETTERS, TOPIC, TEXT, handler, QUICK, consumer, producer, () -> released = true);
  }

  /**
   * A mock consumer that can also rebalance as the classic protocol's default assignors do: every partition revoked,
   * then the new assignment given whole, though most of it is what the consumer had.
   */
  private static final class EagerConsumer extends MockConsumer<byte[], byte[]> {
    private ConsumerRebalanceListener loop;
    private boolean quiet;

    EagerConsumer() {
      super("earliest");
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
      loop = listener;
      super.subscribe(topics, new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          if (!quiet) {
            loop.onPartitionsRevoked(partitions);
          }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (!quiet) {
            loop.onPartitionsAssigned(partitions);
          }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          loop.onPartitionsLost(partitions);
        }
      });
    }

    synchronized void rebalanceEagerly(List<TopicPartition> assignment) {
      loop.onPartitionsRevoked(assignment());
      quiet = true;
      rebalance(List.of());
      rebalance(assignment);
      quiet = false;
      loop.onPartitionsAssigned(assignment);
    }
  }

  /**
   * A producer whose first commits and aborts time out, as when Kafka does not answer in time; an abort that goes
   * through also lifts a refusal of commits the test set, so the poll handled again can commit.
   */
  private static final class SlowProducer extends MockProducer<byte[], byte[]> {
    private int commitTimeouts;
    private int abortTimeouts;

    SlowProducer(int commitTimeouts, int abortTimeouts) {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
      this.commitTimeouts = commitTimeouts;
      this.abortTimeouts = abortTimeouts;
    }

    @Override
    public void commitTransaction() {
      if (commitTimeouts-- > 0) {
        throw new TimeoutException("broker restarting");
      }
      super.commitTransaction();
    }

    @Override
    public void abortTransaction() {
      if (abortTimeouts-- > 0) {
        throw new TimeoutException("broker restarting");
      }
      super.abortTransaction();
      commitTransactionException = null;
    }
  }

  /** The loop's first poll is assigned the partition and gets {@code value} at offset 0. */
  private void firstPollDelivers(String value) {
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      consumer.addRecord(record(0, value));
    });
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

  private static Concurrency<String> concurrent(int threads, int perLane) {
    return new Concurrency<>(threads, perLane, value -> "lane");
  }

  /** Runs a concurrent loop over records of partitions 0 and 1, then closes it from inside the next poll. */
  private void run(Concurrency<String> concurrency, RecordLoop.Handler<String> handler,
      List<ConsumerRecord<byte[], byte[]>> records) {
    TopicPartition second = new TopicPartition(TOPIC, 1);
    RecordLoop<String> loop = new RecordLoop<>("execute", DEAD_LETTERS, List.of(TOPIC), TEXT, handler, QUICK, concurrency,
        RecordLoop.startWithin(Map.of()), consumer,
        producer, () -> released = true);
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L, second, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION, second));
      records.forEach(consumer::addRecord);
    });
    consumer.schedulePollTask(loop::close);
    loop.run();
    assertThat(released).as("the handler's resources are released").isTrue();
  }

  @SafeVarargs
  private static List<ConsumerRecord<byte[], byte[]>> records(ConsumerRecord<byte[], byte[]>... records) {
    return List.of(records);
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, bytes(key), bytes(value));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pauseBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, ("key-" + offset).getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** The values the producer sent, as text, in the order sent. */
  private List<String> sent() {
    return producer.history().stream().map(record -> new String(record.value(), StandardCharsets.UTF_8)).toList();
  }

  private List<DeadLetter> deadLetters() {
    return producer.history().stream()
        .filter(record -> record.topic().equals(Topics.UNPREFIXED.deadLetters()))
        .map(record -> AvroSerde.of(DeadLetter.class).deserializer().deserialize(Topics.UNPREFIXED.deadLetters(), record.value()))
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
