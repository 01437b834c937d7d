package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.DeadLetter;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.KafkaSetupException;
import io.redress.kafka.TopicProvisioner;
import io.redress.operations.DeadLetterReplay.Filter;
import io.redress.operations.DeadLetterReplay.Letter;
import io.redress.operations.DeadLetterReplay.Original;
import io.redress.operations.DeadLetterReplay.Outcome;
import io.redress.operations.DeadLetterReplay.Selection;
import io.redress.testing.TestBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Reading a dead letter's original back on a real broker: the original where it was, and each way it can be gone
 * (deleted by retention, a topic made again with fewer partitions or fewer records, another record in its place, the
 * topic deleted). A gone original is reported for its letter; the other letters are still read. Sending them again:
 * each letter once, recorded in the transaction that sends its copy.
 */
class DeadLetterReplayIT {

  private static final String RAW = "{\"detail\":\"finding\"}";
  private static final Filter NORMALIZE = new Filter(Optional.of("normalize"), Optional.empty(), Optional.empty());
  private static final int MAX_REQUEST = 1 << 20;
  private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");

  @Test
  void eachOriginalIsFoundOrReportedGoneWithWhyAndNoneStopsTheOthers() throws Exception {
    String prefix = "replay-" + UUID.randomUUID() + ".";
    KafkaSettings kafka = ConfigLoader.fromYaml("""
        kafka: {bootstrap-servers: "%s", topic-prefix: "%s"}
        """.formatted(TestBroker.bootstrapServers(), prefix), Map.of()).kafka();
    String topic = kafka.topics().findingsRaw();
    Properties client = kafka.clientProperties();
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
        for (int i = 0; i < 3; i++) {
          producer.send(new ProducerRecord<>(topic, 0, "key-" + i, bytes(RAW + i))).get();
        }
      }
      admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(1))).all().get();
    }

    List<Original> originals = DeadLetterReplay.originals(kafka, List.of(
        letter(topic, 0, 2, RAW + 2),
        letter(topic, 0, 0, RAW + 0),
        letter(topic, 5, 0, RAW + 0),
        letter(topic, 0, 3, RAW + 3),
        letter(topic, 0, 1, "{\"detail\":\"another\"}"),
        letter(prefix + "gone", 0, 0, RAW),
        letter(topic, 0, 1, RAW + 1),
        truncated(topic, 0, 2, RAW + 2, RAW.length() + 1),
        truncated(topic, 0, 2, RAW + 2, RAW.length() + 2)));

    assertThat(originals.get(0)).isInstanceOfSatisfying(Original.Found.class, found -> {
      assertThat(found.record().key()).isEqualTo("key-2");
      assertThat(found.record().value()).isEqualTo(bytes(RAW + 2));
    });
    assertThat(why(originals.get(1))).isEqualTo("deleted from " + topic + " (its retention ran out)");
    assertThat(why(originals.get(2))).isEqualTo(topic + " has only 2 partition(s) now: the topic was made again");
    assertThat(why(originals.get(3))).isEqualTo(topic + " ends before it: the topic was made again");
    assertThat(why(originals.get(4))).isEqualTo("another record stands at that offset: the topic was made again");
    assertThat(why(originals.get(5))).isEqualTo(prefix + "gone does not exist any more");
    assertThat(originals.get(6)).isInstanceOfSatisfying(Original.Found.class,
        found -> assertThat(found.record().key()).isEqualTo("key-1"));
    assertThat(originals.get(7)).as("kept cut short: its first bytes and its size match").isInstanceOf(Original.Found.class);
    assertThat(why(originals.get(8))).isEqualTo("another record stands at that offset: the topic was made again");
  }

  @Test
  void aReplayRecordsEachLetterItSentSoTheSameOrABroaderFilterSendsNothingAgain() throws Exception {
    KafkaSettings kafka = oneDeadLetteredFinding();
    String raw = kafka.topics().findingsRaw();

    List<Outcome> first = DeadLetterReplay.replay(kafka, NORMALIZE, 1, MAX_REQUEST, "alice", NOW);

    assertThat(first).singleElement()
        .isInstanceOfSatisfying(Outcome.Sent.class, sent -> assertThat(sent.copy()).isEqualTo(raw + "/0@1"));
    Selection after = DeadLetterReplay.select(kafka, Filter.ALL);
    assertThat(after.pending()).isEmpty();
    assertThat(after.replay(after.rawFindings().get(0))).hasValueSatisfying(replay -> {
      assertThat(replay.getBy()).isEqualTo("alice");
      assertThat(replay.getAt()).isEqualTo(NOW);
      assertThat(replay.getCopy()).isEqualTo(raw + "/0@1");
      assertThat(replay.getDeadLetter()).isEqualTo(kafka.topics().deadLetters() + "/0@0");
    });
    assertThatThrownBy(() -> DeadLetterReplay.replay(kafka, Filter.ALL, 1, MAX_REQUEST, "bob", NOW))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("0 dead letters of raw findings match, not 1 (1 sent again already are left out);"
            + " nothing was sent");
    assertThat(DeadLetterReplay.replay(kafka, Filter.ALL, 0, MAX_REQUEST, "bob", NOW)).isEmpty();
    assertThat(committed(kafka, raw)).as("the original and one copy").hasSize(2);
  }

  @Test
  void aCopyRefusedAgainGetsOneNewLetterWhichNamesTheFirstInputAndTheCountNeverDoubles() throws Exception {
    KafkaSettings kafka = oneDeadLetteredFinding();
    String raw = kafka.topics().findingsRaw();
    long copy = copyOffset(DeadLetterReplay.replay(kafka, NORMALIZE, 1, MAX_REQUEST, "alice", NOW));

    // What the topology does with a copy still refused: a new letter about the copy, matching the same filters.
    deadLetter(kafka, letter(raw, 0, copy, RAW));
    Selection second = DeadLetterReplay.select(kafka, NORMALIZE);
    assertThat(second.rawFindings()).hasSize(2);
    assertThat(second.pending()).extracting(Letter::of).containsExactly(raw + "/0@" + copy);
    long copyOfCopy = copyOffset(DeadLetterReplay.replay(kafka, NORMALIZE, 1, MAX_REQUEST, "alice", NOW));

    deadLetter(kafka, letter(raw, 0, copyOfCopy, RAW));
    assertThat(DeadLetterReplay.select(kafka, NORMALIZE).pending()).extracting(Letter::of)
        .containsExactly(raw + "/0@" + copyOfCopy);
    List<ConsumerRecord<String, byte[]>> records = committed(kafka, raw);
    assertThat(records).hasSize(3);
    assertThat(records.subList(1, 3)).allSatisfy(sent -> assertThat(new String(
        sent.headers().lastHeader(DeadLetterReplay.REPLAY_HEADER).value(), StandardCharsets.UTF_8))
        .as("every copy names the first input").isEqualTo(raw + "/0@0"));
  }

  @Test
  void aReplayKafkaRefusesMidwayWritesNothingSoTheNextRunSendsEveryLetter() throws Exception {
    KafkaSettings kafka = provisioned();
    String raw = kafka.topics().findingsRaw();
    String large = RAW + " ".repeat(8 * 1024);
    produce(kafka, raw, "team-a", RAW);
    produce(kafka, raw, "team-a", large);
    deadLetter(kafka, letter(raw, 0, 0, RAW));
    deadLetter(kafka, letter(raw, 0, 1, large));

    assertThatThrownBy(() -> DeadLetterReplay.replay(kafka, NORMALIZE, 2, 4 * 1024, "alice", NOW))
        .isInstanceOf(KafkaSetupException.class).hasMessageContaining("nothing of it was written");

    assertThat(committed(kafka, raw)).as("no copy, not even of the first letter").hasSize(2);
    assertThat(committed(kafka, kafka.topics().deadLettersReplayed())).isEmpty();
    assertThat(DeadLetterReplay.replay(kafka, NORMALIZE, 2, MAX_REQUEST, "alice", NOW))
        .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Outcome.Sent.class)).hasSize(2);
    assertThat(committed(kafka, raw)).hasSize(4);
  }

  @Test
  void aRunStartedWhileAnotherHasNotCommittedFencesItSoTheLetterIsSentOnce() throws Exception {
    KafkaSettings kafka = oneDeadLetteredFinding();
    String raw = kafka.topics().findingsRaw();
    String ledger = kafka.topics().deadLettersReplayed();

    try (OperatorTransaction earlier = OperatorTransaction.open(kafka, "dead-letter-replay")) {
      // The earlier run read the letter as pending and sent its copy, but has not committed yet.
      assertThat(DeadLetterReplay.select(kafka, NORMALIZE).pending()).hasSize(1);
      earlier.sendAll(List.of(new ProducerRecord<>(raw, "team-a", bytes(RAW)),
          new ProducerRecord<>(ledger, kafka.topics().deadLetters() + "/0@0", bytes("{}"))));

      assertThat(DeadLetterReplay.replay(kafka, NORMALIZE, 1, MAX_REQUEST, "bob", NOW)).singleElement()
          .isInstanceOf(Outcome.Sent.class);
      assertThatThrownBy(earlier::commit).isInstanceOf(KafkaSetupException.class)
          .hasMessageContaining("nothing of this one was written");
    }
    assertThat(committed(kafka, raw)).as("the original and the later run's copy").hasSize(2);
    Selection after = DeadLetterReplay.select(kafka, NORMALIZE);
    assertThat(after.replay(after.rawFindings().get(0)))
        .hasValueSatisfying(replay -> assertThat(replay.getBy()).isEqualTo("bob"));
  }

  /** Where the one letter a replay sent went; a transaction's commit marker takes an offset of its own. */
  private static long copyOffset(List<Outcome> outcomes) {
    assertThat(outcomes).singleElement().isInstanceOf(Outcome.Sent.class);
    String copy = ((Outcome.Sent) outcomes.get(0)).copy();
    return Long.parseLong(copy.substring(copy.lastIndexOf('@') + 1));
  }

  /** Topics of their own holding one raw finding, at offset 0, and the dead letter refusing it. */
  private static KafkaSettings oneDeadLetteredFinding() throws Exception {
    KafkaSettings kafka = provisioned();
    String raw = kafka.topics().findingsRaw();
    produce(kafka, raw, "team-a", RAW);
    deadLetter(kafka, letter(raw, 0, 0, RAW));
    return kafka;
  }

  private static KafkaSettings provisioned() throws Exception {
    KafkaSettings kafka = ConfigLoader.fromYaml("""
        kafka: {bootstrap-servers: "%s", topic-prefix: "%s"}
        """.formatted(TestBroker.bootstrapServers(), "replayed-" + UUID.randomUUID() + "."), Map.of()).kafka();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      new TopicProvisioner(admin, kafka.topics(), 1, (short) 1).provision();
    }
    return kafka;
  }

  private static void produce(KafkaSettings kafka, String topic, String key, String value) throws Exception {
    produce(kafka, topic, key, bytes(value));
  }

  private static void deadLetter(KafkaSettings kafka, Letter letter) throws Exception {
    String topic = kafka.topics().deadLetters();
    produce(kafka, topic, letter.of(), AvroSerde.of(DeadLetter.class).serializer().serialize(topic,
        letter.deadLetter()));
  }

  private static void produce(KafkaSettings kafka, String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
    }
  }

  private static List<ConsumerRecord<String, byte[]>> committed(KafkaSettings kafka, String topic) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    TopicScan.each(kafka, topic, records::add);
    return records;
  }

  private static String why(Original original) {
    assertThat(original).isInstanceOf(Original.Gone.class);
    return ((Original.Gone) original).why();
  }

  private static Letter letter(String topic, int partition, long offset, String payload) {
    return new Letter(DeadLetter.newBuilder()
        .setTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setPayload(ByteBuffer.wrap(bytes(payload)))
        .setPayloadSize(payload.length())
        .setPayloadTruncated(false)
        .setStage("normalize")
        .setReason("not a finding")
        .setFailedAt(Instant.now())
        .build(), "redress.dlq", 0, 0);
  }

  /** A dead letter that kept only the first five bytes of an input it says was {@code size} bytes long. */
  private static Letter truncated(String topic, int partition, long offset, String payload, int size) {
    DeadLetter dead = letter(topic, partition, offset, payload).deadLetter();
    dead.setPayload(ByteBuffer.wrap(bytes(payload.substring(0, 5))));
    dead.setPayloadSize(size);
    dead.setPayloadTruncated(true);
    return new Letter(dead, "redress.dlq", 0, 0);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
