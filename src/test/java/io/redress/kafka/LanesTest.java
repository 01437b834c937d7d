package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.kafka.Lanes.Item;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LanesTest {

  @Test
  void sequentiallyAStepThatSaysTheLoopIsClosingLeavesTheRecordsAfterIt() {
    List<String> handled = new CopyOnWriteArrayList<>();
    try (Lanes<String> lanes = new Lanes<>("test", Concurrency.sequential())) {
      lanes.run(List.of(item(0, "a", "first"), item(1, "b", "second"), item(2, "c", "third")), item -> {
        handled.add(item.value());
        return !item.value().equals("second");
      });
    }

    assertThat(handled).containsExactly("first", "second");
  }

  @Test
  void inParallelAStepThatSaysTheLoopIsClosingLeavesTheRestOfItsChainOnly() {
    List<String> handled = new CopyOnWriteArrayList<>();
    try (Lanes<String> lanes = new Lanes<>("test", new Concurrency<>(2, 2, value -> "lane"))) {
      lanes.run(List.of(item(0, "a", "a1"), item(1, "b", "b1"), item(2, "a", "a2"), item(3, "b", "b2")), item -> {
        handled.add(item.value());
        return !item.value().equals("a1");
      });
    }

    assertThat(handled).containsExactlyInAnyOrder("a1", "b1", "b2");
  }

  @Test
  void recordsOfTwoLanesAreHandledAtOnceThoughEachLaneTakesOne() throws InterruptedException {
    CountDownLatch bothInHand = new CountDownLatch(2);
    List<Boolean> metTheOther = new CopyOnWriteArrayList<>();
    try (Lanes<String> lanes = new Lanes<>("test", new Concurrency<>(2, 1, value -> value))) {
      lanes.run(List.of(item(0, "a", "us-east-1"), item(1, "b", "eu-west-1")), item -> {
        bothInHand.countDown();
        try {
          metTheOther.add(bothInHand.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return true;
      });
    }

    assertThat(metTheOther).containsExactly(true, true);
  }

  @Test
  void aRecordWhoseLaneCannotBeNamedIsStillHandled() {
    List<String> handled = new CopyOnWriteArrayList<>();
    try (Lanes<String> lanes = new Lanes<>("test", new Concurrency<>(2, 1, value -> {
      throw new IllegalStateException("no region");
    }))) {
      lanes.run(List.of(item(0, "a", "broken")), item -> handled.add(item.value()));
    }

    assertThat(handled).containsExactly("broken");
  }

  @Test
  void aFailureInAParallelChainReachesTheCallerAsItself() {
    IllegalStateException failure = new IllegalStateException("handler bug");
    try (Lanes<String> lanes = new Lanes<>("test", new Concurrency<>(2, 2, value -> ""))) {
      assertThatThrownBy(() -> lanes.run(List.of(item(0, "a", "x"), item(1, "b", "y")), item -> {
        throw failure;
      })).isSameAs(failure);
    }
  }

  @Test
  void theParallelThreadsAreDaemonsSoAStuckRecordCannotKeepTheProcessAlive() {
    List<Boolean> daemon = new CopyOnWriteArrayList<>();
    try (Lanes<String> lanes = new Lanes<>("test", new Concurrency<>(2, 2, value -> ""))) {
      lanes.run(List.of(item(0, "a", "x")), item -> daemon.add(Thread.currentThread().isDaemon()));
    }

    assertThat(daemon).containsExactly(true);
  }

  private static Item<String> item(int index, String key, String value) {
    return new Item<>(index, new ConsumerRecord<>("commands", 0, index, key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8)), value);
  }
}
