package io.redress.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FuzzGeneratorTest {

  /** The broker's default limit on one record (message.max.bytes) and the producer's (max.request.size). */
  private static final int RECORD_LIMIT = 1_048_576;
  private static final int ENOUGH = 60;

  private final FuzzGenerator fuzz = new FuzzGenerator(new Random(7), 1_000_000, 100_000);

  @Test
  void theLargestInputsStillFitInOneKafkaRecord() {
    for (FuzzKind kind : new FuzzKind[] {FuzzKind.HUGE_TITLE, FuzzKind.HUGE_DESCRIPTION, FuzzKind.HUGE_TAG_VALUE,
        FuzzKind.HUGE_RESOURCE_ID, FuzzKind.DEEPLY_NESTED}) {
      for (int i = 0; i < 5; i++) {
        Payload payload = fuzz.generate(kind, "k", "fuzz", i);
        assertThat(payload.value().length).as("%s, %s", kind, payload.input().variant())
            .isGreaterThan(100_000).isLessThan(RECORD_LIMIT - 1_000);
      }
    }
  }

  @Test
  void nonUtf8InputsAreNotUtf8() {
    for (int i = 0; i < ENOUGH; i++) {
      Payload payload = fuzz.generate(FuzzKind.NON_UTF8, "k", "fuzz", i);
      assertThat(decodes(payload.value())).as(payload.input().variant()).isFalse();
    }
  }

  @Test
  void truncatedJsonNeverParses() {
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < ENOUGH; i++) {
      byte[] value = fuzz.generate(FuzzKind.TRUNCATED_JSON, "k", "fuzz", i).value();
      assertThat(catchThrowable(() -> json.readTree(value))).as(new String(value, StandardCharsets.UTF_8))
          .isNotNull();
    }
  }

  @Test
  void aFuzzedEventIsTracedByItsOwnFindingIdAndResource() {
    Input first = fuzz.generate(FuzzKind.FAR_FUTURE, "k1", "fuzz", 1).input();
    Input second = fuzz.generate(FuzzKind.FAR_FUTURE, "k2", "fuzz", 2).input();

    assertThat(first.findingId()).isNotNull().isNotEqualTo(second.findingId());
    assertThat(first.resourceKey()).isNotNull().isNotEqualTo(second.resourceKey());
  }

  private static boolean decodes(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
