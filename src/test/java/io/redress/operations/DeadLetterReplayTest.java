package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.SourceNames;
import io.redress.contract.DeadLetter;
import io.redress.contract.ReplayedDeadLetter;
import io.redress.operations.DeadLetterReplay.Filter;
import io.redress.operations.DeadLetterReplay.Letter;
import io.redress.operations.DeadLetterReplay.Selection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Which dead letters a filter takes, how a letter names the input it is about and its own place, which letters a
 * replay leaves out as sent already, and what a copy carries.
 */
class DeadLetterReplayTest {

  private static final Instant WRITTEN = Instant.parse("2026-11-29T06:00:00Z");

  @Test
  void sinceTakesAnInputWrittenAtThatInstantAndNotOneAMillisecondBefore() {
    Filter since = new Filter(Optional.empty(), Optional.empty(), Optional.of(WRITTEN));

    assertThat(since.matches(letter("normalize", "too large", WRITTEN))).isTrue();
    assertThat(since.matches(letter("normalize", "too large", WRITTEN.minusMillis(1)))).isFalse();
    assertThat(since.matches(letter("normalize", "too large", WRITTEN.plusMillis(1)))).isTrue();
  }

  @Test
  void theStageMustBeTheSameAndTheReasonMustContainTheText() {
    Filter filter = new Filter(Optional.of("normalize"), Optional.of("ingest.sources"), Optional.empty());

    assertThat(filter.matches(letter("normalize", "limited by ingest.sources.a.accounts", WRITTEN))).isTrue();
    assertThat(filter.matches(letter("normalize-2", "limited by ingest.sources.a.accounts", WRITTEN))).isFalse();
    assertThat(filter.matches(letter("decode", "limited by ingest.sources.a.accounts", WRITTEN))).isFalse();
    assertThat(filter.matches(letter("normalize", "not JSON", WRITTEN))).isFalse();
    assertThat(Filter.ALL.matches(letter("decode", "not JSON", WRITTEN))).isTrue();
  }

  @Test
  void aLetterNamesTheInputsTopicPartitionAndOffsetAndIsKeyedOnTheLedgerByItsOwnPlace() {
    Letter letter = new Letter(letter("normalize", "not JSON", WRITTEN), "redress.dlq", 4, 99);

    assertThat(letter.of()).isEqualTo("redress.findings.raw/2@17");
    assertThat(letter.place()).isEqualTo("redress.dlq/4@99");
  }

  @Test
  void aLetterOnTheLedgerIsNotPendingNorOneWhoseLedgerRecordCannotBeReadButTheLetterOfItsCopyIs() {
    Letter first = new Letter(letter("normalize", "not JSON", WRITTEN), "redress.dlq", 0, 0);
    Letter unreadable = new Letter(letter("normalize", "not JSON", WRITTEN), "redress.dlq", 0, 1);
    Letter ofTheCopy = new Letter(letter("normalize", "not JSON", WRITTEN), "redress.dlq", 0, 2);
    ReplayedDeadLetter replay = ReplayedDeadLetter.newBuilder().setDeadLetter(first.place()).setOf(first.of())
        .setCopy("redress.findings.raw/2@18").setBy("alice").setAt(WRITTEN).build();
    Selection selection = new Selection(List.of(first, unreadable, ofTheCopy),
        new TopicScan.Latest<>(Map.of(first.place(), replay), Set.of(unreadable.place())), 0);

    assertThat(selection.pending()).as("one letter per input, never twice").containsExactly(ofTheCopy);
    assertThat(selection.sentAgain(unreadable)).isTrue();
    assertThat(selection.replay(first)).contains(replay);
    assertThat(selection.replay(unreadable)).isEmpty();
  }

  @Test
  void aCopyKeepsKeyAndHeadersAndNamesTheFirstInputEvenWhenItIsACopyOfACopy() {
    ConsumerRecord<String, byte[]> first = new ConsumerRecord<>("redress.findings.raw", 2, 17, "team-a", bytes("{}"));
    first.headers().add(SourceNames.HEADER, bytes("team-a"));

    ProducerRecord<String, byte[]> copy =
        DeadLetterReplay.copy("redress.findings.raw", first, "redress.findings.raw/2@17");
    ConsumerRecord<String, byte[]> stored =
        new ConsumerRecord<>("redress.findings.raw", 2, 18, copy.key(), copy.value());
    copy.headers().forEach(stored.headers()::add);
    ProducerRecord<String, byte[]> copyOfCopy =
        DeadLetterReplay.copy("redress.findings.raw", stored, "redress.findings.raw/2@18");

    assertThat(copyOfCopy.key()).isEqualTo("team-a");
    assertThat(copyOfCopy.value()).isEqualTo(bytes("{}"));
    assertThat(header(copyOfCopy, SourceNames.HEADER)).isEqualTo("team-a");
    assertThat(copyOfCopy.headers().headers(DeadLetterReplay.REPLAY_HEADER)).singleElement()
        .satisfies(header -> assertThat(new String(header.value(), StandardCharsets.UTF_8))
            .isEqualTo("redress.findings.raw/2@17"));
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static DeadLetter letter(String stage, String reason, Instant failedAt) {
    return DeadLetter.newBuilder()
        .setTopic("redress.findings.raw")
        .setPartition(2)
        .setOffset(17)
        .setPayload(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
        .setStage(stage)
        .setReason(reason)
        .setFailedAt(failedAt)
        .build();
  }
}
