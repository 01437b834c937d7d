package io.redress.ingest;

import static io.redress.ingest.Fixtures.ASFF_SINGLE_FINDING;
import static io.redress.ingest.Fixtures.RECEIVED_AT;
import static io.redress.ingest.Fixtures.accepted;
import static io.redress.ingest.Fixtures.rejected;
import static io.redress.ingest.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.Finding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record as it comes off the topic: bounded in size, strictly UTF-8, and parsed within stated limits. */
class RawRecordTest {

  private static final byte[] SINGLE = text(ASFF_SINGLE_FINDING).getBytes(StandardCharsets.UTF_8);

  private final FindingNormalizer normalizer = FindingNormalizer.withBundledMappings();

  @Test
  void bytes_are_read_like_the_same_text() {
    List<Finding> fromBytes = accepted(normalizer.normalize(SINGLE, RECEIVED_AT));
    List<Finding> fromText = accepted(normalizer.normalize(text(ASFF_SINGLE_FINDING), RECEIVED_AT));

    assertThat(fromBytes).isEqualTo(fromText);
  }

  @Test
  void bytes_beyond_ascii_are_read_like_the_same_text() {
    String text = text(ASFF_SINGLE_FINDING).replace("should block public access",
        "sollte öffentlichen Zugriff sperren, 公開アクセス 🔒");
    List<Finding> fromBytes = accepted(normalizer.normalize(text.getBytes(StandardCharsets.UTF_8), RECEIVED_AT));

    assertThat(fromBytes).isEqualTo(accepted(normalizer.normalize(text, RECEIVED_AT)));
    assertThat(fromBytes.get(0).getTitle()).endsWith("sperren, 公開アクセス 🔒");
  }

  @Test
  void a_record_over_the_limit_is_rejected_naming_its_size_and_the_setting() {
    FindingNormalizer capped = FindingNormalizer.withBundledMappings(SINGLE.length - 1);

    assertThat(rejected(capped.normalize(SINGLE, RECEIVED_AT))).isEqualTo("record is " + SINGLE.length
        + " bytes, over the limit of " + (SINGLE.length - 1) + " bytes (ingest.max-record-bytes)");
  }

  @Test
  void a_record_exactly_at_the_limit_is_read() {
    FindingNormalizer capped = FindingNormalizer.withBundledMappings(SINGLE.length);

    assertThat(accepted(capped.normalize(SINGLE, RECEIVED_AT))).hasSize(1);
  }

  @Test
  void the_default_limit_is_one_mebibyte() {
    byte[] padded = Arrays.copyOf(SINGLE, FindingNormalizer.DEFAULT_MAX_RECORD_BYTES + 1);
    Arrays.fill(padded, SINGLE.length, padded.length, (byte) ' ');

    assertThat(rejected(normalizer.normalize(padded, RECEIVED_AT)))
        .isEqualTo("record is 1048577 bytes, over the limit of 1048576 bytes (ingest.max-record-bytes)");
    assertThat(accepted(normalizer.normalize(Arrays.copyOf(padded, padded.length - 1), RECEIVED_AT))).hasSize(1);
  }

  @Test
  void text_over_the_limit_is_rejected_counting_its_utf8_bytes() {
    // one character at each edge of the 1-, 2-, 3- and 4-byte encodings
    String text = text(ASFF_SINGLE_FINDING)
        .replace("\"Title\": \"", "\"Title\": \"\u007f\u0080\u07ff\u0800\uffff\ud800\udc00\udbff\udfff");
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    FindingNormalizer capped = FindingNormalizer.withBundledMappings(bytes - 1);

    assertThat(rejected(capped.normalize(text, RECEIVED_AT)))
        .startsWith("record is " + bytes + " bytes, over the limit");
    assertThat(accepted(FindingNormalizer.withBundledMappings(bytes).normalize(text, RECEIVED_AT))).hasSize(1);
  }

  @Test
  void bytes_that_are_not_utf8_are_rejected_naming_where() {
    byte[] payload = "{\"Id\": \"x\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(rejected(normalizer.normalize(payload, RECEIVED_AT)))
        .isEqualTo("not UTF-8 text: a malformed sequence of 1 byte(s) at byte offset 9");
  }

  @Test
  void a_truncated_multibyte_character_at_the_end_is_not_utf8() {
    byte[] payload = Arrays.copyOf("{\"Title\": \"é".getBytes(StandardCharsets.UTF_8), 12);

    assertThat(rejected(normalizer.normalize(payload, RECEIVED_AT))).startsWith("not UTF-8 text: ");
  }

  @Test
  void a_null_payload_is_an_empty_record() {
    assertThat(rejected(normalizer.normalize((byte[]) null, RECEIVED_AT))).startsWith("empty record");
  }

  @Test
  void an_array_nested_100000_deep_is_rejected_not_a_stack_overflow() {
    byte[] deep = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);

    assertThat(rejected(normalizer.normalize(deep, RECEIVED_AT)))
        .startsWith("not JSON: Document nesting depth (65) exceeds the maximum allowed (64");
  }

  @Test
  void nesting_of_64_levels_is_parsed() {
    String nested = "{\"Findings\": [" + "[".repeat(62) + "]".repeat(62) + "]}";

    assertThat(rejected(normalizer.normalize(nested, RECEIVED_AT))).isEqualTo("finding 1 of 1 is not a JSON object");
  }

  @Test
  void a_field_given_twice_is_rejected_so_no_reader_can_pick_another_value() {
    String twice = text(ASFF_SINGLE_FINDING).replaceFirst("\\{", "{\"Id\": \"decoy\",");

    assertThat(rejected(normalizer.normalize(twice, RECEIVED_AT))).startsWith("not JSON: Duplicate field 'Id'");
  }

  @Test
  void a_limit_below_one_byte_is_refused() {
    assertThatThrownBy(() -> FindingNormalizer.withBundledMappings(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRecordBytes must be positive, got 0");
  }
}
