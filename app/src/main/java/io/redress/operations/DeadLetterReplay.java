package io.redress.operations;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.DeadLetter;
import io.redress.contract.ReplayedDeadLetter;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.KafkaSetupException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Finds the dead letters of raw findings and reads back each one's original, so that once what rejected them is
 * fixed (a source's limits, a size limit, a format Redress now reads) they can be sent through the topology again.
 *
 * <p>The original is read from its topic, partition and offset, with its key and headers: the header naming the
 * source that delivered it is what that source's limits apply to, so a finding is never rebuilt from the dead
 * letter's copy, which has no headers and may be cut short. Only raw findings go back: a command or a notification
 * must come from a decision the topology makes, past the exception list and the breaker, never from a dead letter.
 *
 * <p>Each dead letter is sent again once. Its copy and its record on the compacted ledger
 * ({@code redress.dlq.replayed}, keyed by the dead letter's own place) are written in one transaction, so a run cut
 * off midway wrote neither, and a letter on the ledger is left out of every later selection. A copy that is refused
 * again gets a dead letter of its own, about the copy: that one may be sent again in turn (the fix may not have been
 * deployed the first time), while the first stays on the ledger, so a selection grows by at most one letter per
 * input and never doubles.
 */
public final class DeadLetterReplay {

  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);
  /** On a raw finding sent again from its dead letter: where the first one was read, {@code topic/partition@offset}. */
  public static final String REPLAY_HEADER = "redress.replay-of";

  private static final Deserializer<ReplayedDeadLetter> LEDGER_READ =
      AvroSerde.of(ReplayedDeadLetter.class).deserializer();
  private static final Serializer<ReplayedDeadLetter> LEDGER_WRITE =
      AvroSerde.of(ReplayedDeadLetter.class).serializer();

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

  /** A dead letter, and where it is kept: {@code topic}, the dead-letter topic, at {@code partition}@{@code offset}. */
  public record Letter(DeadLetter deadLetter, String topic, int partition, long offset) {
    /** Where the input it is about was read: {@code topic/partition@offset}. */
    public String of() {
      return deadLetter.getTopic() + "/" + deadLetter.getPartition() + "@" + deadLetter.getOffset();
    }

    /** Where the dead letter itself is kept, {@code topic/partition@offset}: its key on the ledger. */
    public String place() {
      return topic + "/" + partition + "@" + offset;
    }
  }

  /**
   * The dead letters of raw findings matching a filter, oldest first per partition, what the ledger says of them, and
   * how many letters were about other topics.
   */
  public record Selection(List<Letter> rawFindings, TopicScan.Latest<ReplayedDeadLetter> ledger, int otherTopics) {

    /**
     * Those not sent again yet. A letter whose ledger record this version cannot decode (written by a newer one, or
     * by hand) may have been sent, so it is not among them.
     */
    public List<Letter> pending() {
      return rawFindings.stream().filter(letter -> !sentAgain(letter)).toList();
    }

    /** Whether {@code letter} is on the ledger, readable or not. */
    public boolean sentAgain(Letter letter) {
      return ledger.values().containsKey(letter.place()) || ledger.undecodable().contains(letter.place());
    }

    /** Who sent {@code letter} again, when and where to; empty if not sent, or if its record cannot be read. */
    public Optional<ReplayedDeadLetter> replay(Letter letter) {
      return Optional.ofNullable(ledger.values().get(letter.place()));
    }
  }

  /** A dead letter's original: the record to send again, or why there is none. */
  public sealed interface Original {
    Letter letter();

    record Found(Letter letter, ConsumerRecord<String, byte[]> record) implements Original {
    }

    record Gone(Letter letter, String why) implements Original {
    }
  }

  /**
   * Reads the ledger and the dead-letter topic to its current end; a record on it that is not a dead letter is left
   * out.
   */
  public static Selection select(KafkaSettings kafka, Filter filter) {
    var ledger = TopicScan.latestByKey(kafka, kafka.topics().deadLettersReplayed(), LEDGER_READ);
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
        raw.add(new Letter(letter, record.topic(), record.partition(), record.offset()));
      } else {
        others[0]++;
      }
    });
    return new Selection(List.copyOf(raw), ledger, others[0]);
  }

  /** What a replay did with a letter it selected: sent it again, to {@code copy}, or not, and why. */
  public sealed interface Outcome {
    Letter letter();

    record Sent(Letter letter, String copy) implements Outcome {
    }

    record NotSent(Letter letter, String why) implements Outcome {
    }
  }

  /**
   * Sends the originals of the dead letters matching {@code filter} that were not sent again yet, and records each on
   * the ledger, all in one transaction. The transaction is opened before the ledger is read, so a run racing this one
   * is fenced, or has committed what this one then reads, and no letter is sent twice.
   *
   * @param expect how many letters the person was shown as pending; another count refuses the whole run
   * @param maxRequestBytes room for the largest raw finding Redress takes, with its key and headers
   * @return what became of each pending letter, in the letters' order
   * @throws InvalidInput when {@code expect} letters are not pending, with nothing sent
   */
  public static List<Outcome> replay(KafkaSettings kafka, Filter filter, int expect, int maxRequestBytes, String by,
      Instant now) {
    if (by == null || by.isBlank()) {
      throw new InvalidInput("by: required; who sends the dead letters again");
    }
    try (OperatorTransaction transaction = OperatorTransaction.open(kafka, "dead-letter-replay",
        Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes))) {
      Selection selection = select(kafka, filter);
      List<Letter> pending = selection.pending();
      if (pending.size() != expect) {
        int left = selection.rawFindings().size() - pending.size();
        throw new InvalidInput("expect: " + pending.size() + " dead letter" + (pending.size() == 1 ? "" : "s")
            + " of raw findings match, not " + expect + (left == 0 ? "" : " (" + left + " sent again already are"
            + " left out)") + "; nothing was sent. Check them with ./redress dead-letters list");
      }
      List<Original> originals = originals(kafka, pending);
      List<Original.Found> found = originals.stream()
          .flatMap(original -> original instanceof Original.Found each ? Stream.of(each) : Stream.empty()).toList();
      String rawTopic = kafka.topics().findingsRaw();
      List<RecordMetadata> copies = transaction.sendAll(found.stream()
          .map(each -> copy(rawTopic, each.record(), each.letter().of())).toList());
      // Keyed by each letter's own place; the copy's place is known once Kafka appended it, before the commit.
      Map<String, String> sentTo = new HashMap<>();
      for (int i = 0; i < found.size(); i++) {
        RecordMetadata copy = copies.get(i);
        sentTo.put(found.get(i).letter().place(), copy.topic() + "/" + copy.partition() + "@" + copy.offset());
      }
      String ledger = kafka.topics().deadLettersReplayed();
      transaction.sendAll(found.stream().map(Original.Found::letter)
          .map(letter -> ledgerEntry(ledger, letter, sentTo.get(letter.place()), by.strip(), now)).toList());
      transaction.commit();
      return originals.stream().map(original -> original instanceof Original.Gone gone
          ? (Outcome) new Outcome.NotSent(gone.letter(), gone.why())
          : new Outcome.Sent(original.letter(), sentTo.get(original.letter().place()))).toList();
    }
  }

  private static ProducerRecord<String, byte[]> ledgerEntry(String ledger, Letter letter, String copy, String by,
      Instant now) {
    ReplayedDeadLetter entry = ReplayedDeadLetter.newBuilder().setDeadLetter(letter.place()).setOf(letter.of())
        .setCopy(copy).setBy(by).setAt(now).build();
    return new ProducerRecord<>(ledger, letter.place(), LEDGER_WRITE.serialize(ledger, entry));
  }

  /**
   * A raw finding to send again as it first arrived, key and headers (its source's among them) included, marked with
   * the {@value #REPLAY_HEADER} header naming where it was first read ({@code of}). A copy of a copy keeps the header
   * it carries, so every copy names the input that first entered Redress, however often it went round.
   */
  static ProducerRecord<String, byte[]> copy(String topic, ConsumerRecord<String, byte[]> original, String of) {
    ProducerRecord<String, byte[]> copy = new ProducerRecord<>(topic, original.key(), original.value());
    original.headers().forEach(copy.headers()::add);
    if (original.headers().lastHeader(REPLAY_HEADER) == null) {
      copy.headers().add(REPLAY_HEADER, of.getBytes(StandardCharsets.UTF_8));
    }
    return copy;
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
