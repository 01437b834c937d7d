package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ingest.max-record-bytes}: the largest raw finding the normalize step reads, 1 KiB to 16 MiB. */
class IngestSettingsTest {

  private static int maxRecordBytes(String value) {
    return ConfigLoader.fromYaml("ingest: {max-record-bytes: " + value + "}", Map.of()).ingest().maxRecordBytes();
  }

  @Test
  void theDefaultIsOneMebibyte() {
    assertThat(ConfigLoader.defaults(Map.of()).ingest().maxRecordBytes()).isEqualTo(1048576);
    assertThat(ConfigLoader.fromYaml("ingest: {}", Map.of()).ingest().maxRecordBytes()).isEqualTo(1048576);
  }

  @Test
  void oneKibibyteIsTheSmallestAccepted() {
    assertThat(maxRecordBytes("1024")).isEqualTo(1024);
    assertThatThrownBy(() -> maxRecordBytes("1023"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ingest.max-record-bytes: must be at least 1024, got 1023");
  }

  @Test
  void sixteenMebibytesIsTheLargestAccepted() {
    assertThat(maxRecordBytes("16777216")).isEqualTo(16777216);
    assertThatThrownBy(() -> maxRecordBytes("16777217"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ingest.max-record-bytes: must be at most 16777216, got 16777217");
  }

  @Test
  void theEnvironmentIsCheckedByTheSameBounds() {
    assertThat(ConfigLoader.defaults(Map.of("REDRESS_INGEST_MAX_RECORD_BYTES", "2048")).ingest().maxRecordBytes())
        .isEqualTo(2048);
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("REDRESS_INGEST_MAX_RECORD_BYTES", "1023")))
        .hasMessage("ingest.max-record-bytes (from REDRESS_INGEST_MAX_RECORD_BYTES): must be at least 1024, got 1023");
  }
}
