package io.redress.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every text reads as {@link OffsetDateTime#parse} reads it, or fails where it fails. */
class IsoTimestampsTest {

  @Test
  void theCommonShapesReadAsTheGeneralParserReadsThem() {
    for (String text : List.of("2025-11-20T09:14:07Z", "2025-11-20T09:14:07.1Z", "2025-11-20T09:14:07.123Z",
        "2025-11-20T09:14:07.123456789Z", "2025-11-20T10:14:07+01:00", "2025-11-20T04:44:07.5-04:30",
        "2025-11-20T09:14:07-00:00", "2024-02-29T23:59:59.999+18:00", "0000-01-01T00:00:00Z")) {
      assertThat(IsoTimestamps.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
  }

  @Test
  void otherShapesTheGeneralParserReadsStillRead() {
    for (String text : List.of("2025-11-20t09:14:07z", "2025-11-20T09:14Z", "2025-11-20T09:14:07+01:00:30",
        "+12025-11-20T09:14:07Z", "2025-11-20T09:14:07.Z")) {
      assertThat(IsoTimestamps.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
  }

  @Test
  void whatTheGeneralParserRefusesIsRefused() {
    for (String text : List.of("2025-02-29T09:14:07Z", "2025-04-31T09:14:07Z", "2025-13-01T09:14:07Z",
        "2025-11-20T24:00:00Z", "2025-11-20T09:60:07Z", "2025-11-20T23:59:60Z", "2025-11-20T09:14:07.1234567890Z",
        "2025-11-20T09:14:07+19:00", "2025-11-20T09:14:07+01:60", "2025-11-20T09:14:07", "2025-11-20 09:14:07Z",
        "2025-11-20T09:14:07+0100", "2025-11-20T09:14:07ZZ", "2025-1１-20T09:14:07Z", "", "yesterday")) {
      assertThatThrownBy(() -> IsoTimestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void randomTextsNearTheCommonShapeReadOrFailAsWithTheGeneralParser() {
    Random random = new Random(20251120);
    String alphabet = "0123456789-+:.TZtz ";
    for (int i = 0; i < 20_000; i++) {
      char[] text = "2025-11-20T09:14:07.123+01:00".substring(0, 19 + random.nextInt(11)).toCharArray();
      for (int change = random.nextInt(3); change > 0; change--) {
        text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String candidate = new String(text) + List.of("", "Z", "+05:30", "-12:00").get(random.nextInt(4));
      assertThat(outcome(() -> IsoTimestamps.parse(candidate)))
          .as(candidate).isEqualTo(outcome(() -> OffsetDateTime.parse(candidate).toInstant()));
    }
  }

  private static List<Object> outcome(java.util.function.Supplier<Instant> parse) {
    List<Object> outcome = new ArrayList<>();
    try {
      outcome.add(parse.get());
    } catch (DateTimeParseException e) {
      outcome.add("refused");
    }
    return outcome;
  }
}
