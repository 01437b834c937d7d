package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.DeadLetter;
import io.redress.operations.DeadLetterReplay.Filter;
import io.redress.operations.DeadLetterReplay.Letter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which dead letters a filter takes, and how a letter names the input it is about. */
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
  void aLetterNamesTheInputsTopicPartitionAndOffsetNotItsOwnPlace() {
    Letter letter = new Letter(letter("normalize", "not JSON", WRITTEN), 4, 99);

    assertThat(letter.of()).isEqualTo("redress.findings.raw/2@17");
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
