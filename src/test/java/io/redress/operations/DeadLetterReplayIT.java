package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.DeadLetter;
import io.redress.operations.DeadLetterReplay.Letter;
import io.redress.operations.DeadLetterReplay.Original;
import io.redress.testing.TestBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Reading a dead letter's original back on a real broker: the original where it was, and each way it can be gone
 * (deleted by retention, a topic made again with fewer partitions or fewer records, another record in its place, the
 * topic deleted). A gone original is reported for its letter; the other letters are still read.
 */
class DeadLetterReplayIT {

  private static final String RAW = "{\"detail\":\"finding\"}";

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
        .build(), 0, 0);
  }

  /** A dead letter that kept only the first five bytes of an input it says was {@code size} bytes long. */
  private static Letter truncated(String topic, int partition, long offset, String payload, int size) {
    DeadLetter dead = letter(topic, partition, offset, payload).deadLetter();
    dead.setPayload(ByteBuffer.wrap(bytes(payload.substring(0, 5))));
    dead.setPayloadSize(size);
    dead.setPayloadTruncated(true);
    return new Letter(dead, 0, 0);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
