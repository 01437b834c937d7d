package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsoleChannelTest {

  private static final int MESSAGES_PER_THREAD = 200;

  @Test
  void aMessageIsPrintedAsOneBlockWithItsRecipientSubjectAndBody() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    new ConsoleChannel(new PrintStream(printed, true, StandardCharsets.UTF_8))
        .deliver(new Message("lesson-1", "alice@example.com", "S3.8 fixed", "We fixed it.\n"));

    String rule = "=".repeat(78);
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(String.format(
        "%nNOTIFICATION  lesson-1%n%s%nTo:      alice@example.com%nSubject: S3.8 fixed%n%s%nWe fixed it.%n%s%n",
        rule, rule, rule));
  }

  @Test
  void twoThreadsDeliveringAtOnceNeverInterleaveTheirBlocks() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ConsoleChannel channel = new ConsoleChannel(new PrintStream(printed, false, StandardCharsets.UTF_8));
    List<Message> fromA = messages("a");
    List<Message> fromB = messages("b");
    CountDownLatch start = new CountDownLatch(1);
    Thread a = new Thread(() -> deliverAll(channel, fromA, start));
    Thread b = new Thread(() -> deliverAll(channel, fromB, start));
    a.start();
    b.start();
    start.countDown();
    a.join();
    b.join();

    assertThat(isAnInterleavingOfWholeBlocks(printed.toString(StandardCharsets.UTF_8),
        blocks(fromA), blocks(fromB))).as("every block whole, each thread's in its order").isTrue();
  }

  private static List<Message> messages(String sender) {
    String body = IntStream.range(0, 40).mapToObj(line -> sender + " line " + line)
        .collect(Collectors.joining("\n"));
    return IntStream.range(0, MESSAGES_PER_THREAD)
        .mapToObj(i -> new Message(sender + "-" + i, sender + "@example.com", "from " + sender, body))
        .toList();
  }

  private static void deliverAll(ConsoleChannel channel, List<Message> messages, CountDownLatch start) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    messages.forEach(channel::deliver);
  }

  /** Each message as it prints alone. */
  private static Deque<String> blocks(List<Message> messages) {
    List<String> blocks = new ArrayList<>();
    for (Message message : messages) {
      ByteArrayOutputStream alone = new ByteArrayOutputStream();
      new ConsoleChannel(new PrintStream(alone, true, StandardCharsets.UTF_8)).deliver(message);
      blocks.add(alone.toString(StandardCharsets.UTF_8));
    }
    return new ArrayDeque<>(blocks);
  }

  /** True when the output reads as the two threads' blocks, each whole and in its thread's order. */
  private static boolean isAnInterleavingOfWholeBlocks(String output, Deque<String> fromA, Deque<String> fromB) {
    int position = 0;
    while (!fromA.isEmpty() || !fromB.isEmpty()) {
      if (!fromA.isEmpty() && output.startsWith(fromA.peek(), position)) {
        position += fromA.pop().length();
      } else if (!fromB.isEmpty() && output.startsWith(fromB.peek(), position)) {
        position += fromB.pop().length();
      } else {
        return false;
      }
    }
    return position == output.length();
  }
}
