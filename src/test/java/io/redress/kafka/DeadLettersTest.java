package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.kafka.DeadLetters.Origin;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static final Origin ORIGIN = new Origin("redress.findings.raw", 2, 41, "k".getBytes(StandardCharsets.UTF_8), 1_000);

  @Test
  void anInputOfExactlyTheKeptSizeIsKeptWhole() {
    DeadLetter deadLetter = DeadLetters.of(ORIGIN, bytes(DeadLetters.MAX_PAYLOAD_BYTES), "normalize", "bad");

    assertThat(deadLetter.getPayload().remaining()).isEqualTo(DeadLetters.MAX_PAYLOAD_BYTES);
    assertThat(deadLetter.getPayloadTruncated()).isFalse();
    assertThat(deadLetter.getPayloadSize()).isEqualTo(DeadLetters.MAX_PAYLOAD_BYTES);
  }

  @Test
  void aLargerInputIsKeptTruncatedWithItsWholeSizeAndWhereItIs() {
    DeadLetter deadLetter = DeadLetters.of(ORIGIN, bytes(DeadLetters.MAX_PAYLOAD_BYTES + 1), "normalize", "bad");

    assertThat(deadLetter.getPayload().remaining()).isEqualTo(DeadLetters.MAX_PAYLOAD_BYTES);
    assertThat(deadLetter.getPayloadTruncated()).isTrue();
    assertThat(deadLetter.getPayloadSize()).isEqualTo(DeadLetters.MAX_PAYLOAD_BYTES + 1);
    assertThat(deadLetter.getTopic()).isEqualTo("redress.findings.raw");
    assertThat(deadLetter.getPartition()).isEqualTo(2);
    assertThat(deadLetter.getOffset()).isEqualTo(41);
    assertThat(deadLetter.getKey()).isEqualTo("k");
  }

  @Test
  void aMegabyteInputMakesADeadLetterThatFitsOnItsTopic() {
    byte[] megabyte = bytes(1024 * 1024);
    Origin hugeKey = new Origin("t", 0, 0, megabyte, 0);

    ProducerRecord<byte[], byte[]> record = DeadLetters.record(Topics.UNPREFIXED.deadLetters(), hugeKey, megabyte, "execute", "x".repeat(1024 * 1024));

    assertThat(record.topic()).isEqualTo(Topics.UNPREFIXED.deadLetters());
    assertThat(record.key()).hasSize(DeadLetters.MAX_KEY_BYTES);
    assertThat(record.value().length).isLessThan(DeadLetters.MAX_PAYLOAD_BYTES + 16 * 1024);
  }

  @Test
  void aReasonOfExactlyTheCapIsKeptAndALongerOneIsCutWithItsLengthSaid() {
    String atCap = "r".repeat(DeadLetters.MAX_REASON_CHARS);
    String over = atCap + "r";

    assertThat(DeadLetters.of(ORIGIN, new byte[0], "s", atCap).getReason()).isEqualTo(atCap);
    assertThat(DeadLetters.of(ORIGIN, new byte[0], "s", over).getReason())
        .startsWith(atCap)
        .endsWith("[reason truncated from " + over.length() + " characters]");
  }

  @Test
  void anEmptyReasonIsNeverWritten() {
    assertThat(DeadLetters.of(ORIGIN, null, "s", " ").getReason()).isEqualTo("no reason given");
  }

  @Test
  void aFailureIsDescribedByItsTypeAndMessageOrItsTypeAlone() {
    assertThat(DeadLetters.reason(new IllegalStateException("broken"))).isEqualTo("IllegalStateException: broken");
    assertThat(DeadLetters.reason(new IllegalStateException(""))).isEqualTo("IllegalStateException");
    assertThat(DeadLetters.reason(new NullPointerException())).isEqualTo("NullPointerException");
  }

  @Test
  void aRecordWithAnInvalidTimeIsDatedAtTheEpochRatherThanRefused() {
    Origin noTime = new Origin("t", 0, 0, null, -1);

    assertThat(DeadLetters.of(noTime, new byte[0], "s", "r").getFailedAt().toEpochMilli()).isZero();
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }
}
