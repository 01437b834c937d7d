package io.redress.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.contract.RemediationCommand;
import io.redress.kafka.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console says it is still reading whenever its state has not caught up with the topics: at the start, and
 * again after a failure of its feed, which empties the state and reads everything anew.
 */
class ConsoleFeedTest {

  private static final Topics TOPICS = Topics.UNPREFIXED;
  private static final TopicPartition HELD = new TopicPartition(TOPICS.remediationsHeld(), 0);

  private final LiveState state = new LiveState(10);
  private final Queue<Consumer<String, byte[]>> consumers = new ConcurrentLinkedQueue<>();
  private final ConsoleFeed feed = new ConsoleFeed(TOPICS, consumers::remove, state, 10);

  @AfterEach
  void close() {
    feed.close();
  }

  @Test
  void afterTheFeedFailsTheStateIsNotReadyUntilItHasCaughtUpAgain() throws Exception {
    MockConsumer<String, byte[]> first = holding("command-1");
    CountDownLatch outage = new CountDownLatch(1);
    consumers.add(first);
    consumers.add(new MockConsumer<>("earliest") {
      @Override
      public synchronized List<PartitionInfo> partitionsFor(String topic) {
        outage.countDown();
        throw new TimeoutException("the broker cannot be reached");
      }
    });
    consumers.add(holding("command-1"));
    feed.start();
    await(feed::ready);
    assertThat(state.pending(command -> true)).extracting(RemediationCommand::getCommandId)
        .containsExactly("command-1");

    first.setPollException(new KafkaException("the broker went away"));

    assertThat(outage.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(state.pending(command -> true)).isEmpty();
    assertThat(feed.ready()).isFalse();
    await(feed::ready);
    assertThat(state.pending(command -> true)).extracting(RemediationCommand::getCommandId)
        .containsExactly("command-1");
  }

  @Test
  void aHeldCommandWhoseResolutionCannotBeReadIsNotShownAsPending() throws Exception {
    TopicPartition resolutions = new TopicPartition(TOPICS.heldResolutions(), 0);
    MockConsumer<String, byte[]> consumer = holding("command-1", resolutions);
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(resolutions.topic(), 0, 0L, "command-1",
        "{\"resolution\":\"DISCARDED\"}".getBytes(StandardCharsets.UTF_8))));
    consumers.add(consumer);

    feed.start();
    await(feed::ready);

    assertThat(state.pending(command -> true)).isEmpty();
  }

  /** A consumer of the console's topics, one partition each, of which the held commands' holds {@code commandId}. */
  private static MockConsumer<String, byte[]> holding(String commandId) {
    return holding(commandId, HELD);
  }

  /** As {@link #holding(String)}, with one record more on {@code alsoOne}, which the test adds itself. */
  private static MockConsumer<String, byte[]> holding(String commandId, TopicPartition alsoOne) {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    for (String topic : List.of(TOPICS.breaker(), TOPICS.remediationsHeld(), TOPICS.heldResolutions(),
        TOPICS.exceptions(), TOPICS.decisions())) {
      consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, null, null, null)));
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.updateBeginningOffsets(Map.of(partition, 0L));
      consumer.updateEndOffsets(Map.of(partition, partition.equals(HELD) || partition.equals(alsoOne) ? 1L : 0L));
    }
    RemediationCommand command = ConsoleRecords.held(commandId, "account:111122223333",
        ConsoleRecords.bucket("111122223333", "arn:aws:s3:::bucket"));
    byte[] value = AvroSerde.of(RemediationCommand.class).serializer().serialize(HELD.topic(), command);
    // Records can be added only once the feed has assigned the partition, that is at its first poll.
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(HELD.topic(), 0, 0L, commandId, value)));
    return consumer;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 20 s").isBefore(deadline);
      Thread.sleep(20);
    }
  }
}
