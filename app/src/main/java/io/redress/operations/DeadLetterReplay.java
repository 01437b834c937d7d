package io.redress.operations;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.DeadLetter;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.KafkaSetupException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the dead letters of raw findings and reads back each one's original, so that once what rejected them is
 * fixed (a source's limits, a size limit, a format Redress now reads) they can be sent through the topology again.
 *
 * <p>The original is read from its topic, partition and offset, with its key and headers: the header naming the
 * source that delivered it is what that source's limits apply to, so a finding is never rebuilt from the dead
 * letter's copy, which has no headers and may be cut short. Only raw findings go back: a command or a notification
 * must come from a decision the topology makes, past the exception list and the breaker, never from a dead letter.
 */
public final class DeadLetterReplay {

  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);

  private DeadLetterReplay() {
  }

  /** Which dead letters: each given part must match. */
  public record Filter(Optional<String> stage, Optional<String> reasonContaining, Optional<Instant> since) {
    public static final Filter ALL = new Filter(Optional.empty(), Optional.empty(), Optional.empty());

    boolean matches(DeadLetter letter) {
      return stage.map(letter.getStage()::equals).orElse(true)
          && reasonContaining.map(letter.getReason()::contains).orElse(true)
          && since.map(from -> !letter.getFailedAt().isBefore(from)).orElse(true);
    }
  }

  /** A dead letter, and where it is kept on the dead-letter topic. */
  public record Letter(DeadLetter deadLetter, int partition, long offset) {
    /** Where the input it is about was read: {@code topic/partition@offset}. */
    public String of() {
      return deadLetter.getTopic() + "/" + deadLetter.getPartition() + "@" + deadLetter.getOffset();
    }
  }

  /** The dead letters matching {@code filter}, oldest first per partition, and how many were about other topics. */
  public record Selection(List<Letter> rawFindings, int otherTopics) {
  }

  /** A dead letter's original: the record to send again, or why there is none. */
  public sealed interface Original {
    Letter letter();

    record Found(Letter letter, ConsumerRecord<String, byte[]> record) implements Original {
    }

    record Gone(Letter letter, String why) implements Original {
    }
  }

  /** Reads the dead-letter topic to its current end; a record on it that is not a dead letter is left out. */
  public static Selection select(KafkaSettings kafka, Filter filter) {
    String rawTopic = kafka.topics().findingsRaw();
    List<Letter> raw = new ArrayList<>();
    int[] others = {0};
    var decode = TopicScan.skippingUndecodable(AvroSerde.of(DeadLetter.class).deserializer());
    TopicScan.each(kafka, kafka.topics().deadLetters(), record -> {
      DeadLetter letter = record.value() == null ? null : decode.apply(record.topic(), record.value());
      if (letter == null || !filter.matches(letter)) {
        return;
      }
      if (letter.getTopic().equals(rawTopic)) {
        raw.add(new Letter(letter, record.partition(), record.offset()));
      } else {
        others[0]++;
      }
    });
    return new Selection(List.copyOf(raw), others[0]);
  }

  /** Each letter's original, in the letters' order. */
  public static List<Original> originals(KafkaSettings kafka, List<Letter> letters) {
    List<Original> originals = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = TopicScan.consumer(kafka)) {
      // Where each partition begins and ends, asked once for all its letters rather than once per letter.
      Map<TopicPartition, Bounds> bounds = new HashMap<>();
      for (Letter letter : letters) {
        originals.add(original(consumer, letter, bounds));
      }
    } catch (KafkaException e) {
      throw new KafkaSetupException("Could not read the dead letters' originals from "
          + kafka.bootstrapServers().orElse("?") + ": " + e.getMessage(), e);
    }
    return originals;
  }

  /** The first offset a partition still holds and the offset after its last record. */
  private record Bounds(long start, long end) {
    static Bounds of(KafkaConsumer<String, byte[]> consumer, TopicPartition where) {
      return new Bounds(consumer.beginningOffsets(List.of(where)).get(where),
          consumer.endOffsets(List.of(where)).get(where));
    }
  }

  private static Original original(KafkaConsumer<String, byte[]> consumer, Letter letter,
      Map<TopicPartition, Bounds> bounds) {
    DeadLetter dead = letter.deadLetter();
    TopicPartition where = new TopicPartition(dead.getTopic(), dead.getPartition());
    // Asked for a partition that does not exist, the broker is asked again until the client's timeout: a topic made
    // again with fewer partitions would fail the whole command on each of its letters.
    List<PartitionInfo> partitions = consumer.partitionsFor(dead.getTopic());
    if (partitions == null || partitions.isEmpty()) {
      return new Original.Gone(letter, dead.getTopic() + " does not exist any more");
    }
    if (partitions.stream().noneMatch(partition -> partition.partition() == dead.getPartition())) {
      return new Original.Gone(letter, dead.getTopic() + " has only " + partitions.size()
          + " partition(s) now: the topic was made again");
    }
    consumer.assign(List.of(where));
    Bounds held = bounds.computeIfAbsent(where, partition -> Bounds.of(consumer, partition));
    if (held.start() > dead.getOffset()) {
      return new Original.Gone(letter, "deleted from " + dead.getTopic() + " (its retention ran out)");
    }
    if (held.end() <= dead.getOffset()) {
      return new Original.Gone(letter, dead.getTopic() + " ends before it: the topic was made again");
    }
    consumer.seek(where, dead.getOffset());
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        if (record.offset() != dead.getOffset()) {
          return new Original.Gone(letter, "no record at that offset of " + dead.getTopic() + " any more");
        }
        if (!sameInput(dead, record.value())) {
          return new Original.Gone(letter, "another record stands at that offset: the topic was made again");
        }
        return new Original.Found(letter, record);
      }
      if (consumer.position(where) > dead.getOffset()) {
        return new Original.Gone(letter, "no record at that offset of " + dead.getTopic() + " any more");
      }
    }
    throw new KafkaSetupException("Could not read " + letter.of() + " within " + LIMIT.toSeconds() + " s");
  }

  /** The dead letter keeps the input whole, or its first bytes when it was too large to keep. */
  private static boolean sameInput(DeadLetter dead, byte[] value) {
    ByteBuffer kept = dead.getPayload().duplicate();
    byte[] payload = new byte[kept.remaining()];
    kept.get(payload);
    if (value == null) {
      return payload.length == 0;
    }
    if (!dead.getPayloadTruncated()) {
      return Arrays.equals(payload, value);
    }
    return value.length == dead.getPayloadSize() && value.length >= payload.length
        && Arrays.equals(payload, Arrays.copyOf(value, payload.length));
  }
}
