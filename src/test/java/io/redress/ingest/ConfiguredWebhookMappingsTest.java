package io.redress.ingest;

import static io.redress.ingest.Fixtures.accepted;
import static io.redress.ingest.Fixtures.rejected;
import static io.redress.ingest.SourceFixtures.RECEIVED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigException;
import io.redress.config.RedressConfig.IngestSettings;
import io.redress.contract.Finding;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** A vendor's payload maps through a mapping file in the configured directory: no code, no new build. */
class ConfiguredWebhookMappingsTest {

  private static final String MAPPING = """
      {"name": "acme-cspm", "product": "Acme CSPM",
       "match": {"/alert/uid": "*", "/alert/vendor": "acme"},
       "findings": "/alert",
       "fields": {"id": "/uid", "rule": "/check", "title": "/summary", "status": "/state",
                  "resourceType": "/asset/kind", "resourceId": "/asset/arn", "account": "/asset/account",
                  "region": "/asset/region", "observedAt": "/seen"},
       "values": {"status": {"open": "FAILED", "closed": "PASSED"}},
       "resourceTypes": {"bucket": "AWS::S3::Bucket"},
       "controls": {"acme-s3-public": "S3.8"}}
      """;

  private static final String PAYLOAD = """
      {"alert": {"vendor": "acme", "uid": "acme-7f3a", "check": "acme-s3-public", "summary": "Bucket is public",
                 "state": "open", "seen": "2025-11-20T09:00:00Z",
                 "asset": {"kind": "bucket", "arn": "arn:aws:s3:::acme-payments-exports", "account": "111122223333",
                           "region": "us-east-1"}}}
      """;

  private static byte[] payload() {
    return PAYLOAD.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void a_mapping_file_in_the_configured_directory_makes_its_vendor_readable(@TempDir Path mappings)
      throws Exception {
    Files.writeString(mappings.resolve("acme-cspm.json"), MAPPING);
    FindingNormalizer normalizer = FindingNormalizer.of(new IngestSettings(1024 * 1024, Optional.of(mappings), Map.of()));

    Finding finding = accepted(normalizer.normalize(payload(), RECEIVED_AT)).get(0);

    assertThat(finding.getProduct()).isEqualTo("Acme CSPM");
    assertThat(finding.getControl()).isEqualTo("S3.8");
    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
  }

  @Test
  void without_the_mapping_the_same_payload_is_dead_lettered_as_unknown() {
    FindingNormalizer normalizer = FindingNormalizer.of(new IngestSettings(1024 * 1024, Optional.empty(), Map.of()));

    assertThat(rejected(normalizer.normalize(payload(), RECEIVED_AT))).isNotBlank();
  }

  @Test
  void the_bundled_mappings_still_apply_beside_the_configured_ones(@TempDir Path mappings) throws Exception {
    Files.writeString(mappings.resolve("acme-cspm.json"), MAPPING);
    FindingNormalizer normalizer = FindingNormalizer.of(new IngestSettings(1024 * 1024, Optional.of(mappings), Map.of()));

    byte[] wiz = SourceFixtures.text("webhook-wiz-issue.json").getBytes(StandardCharsets.UTF_8);
    assertThat(accepted(normalizer.normalize(wiz, RECEIVED_AT))).extracting(Finding::getProduct)
        .containsExactly("Wiz");
  }

  /** README: Wiz's control ids are the tenant's own; a copy of the bundled mapping with them replaces it. */
  @Test
  void a_mapping_file_named_as_a_bundled_mapping_replaces_it(@TempDir Path mappings) throws Exception {
    String own = bundledWiz().replace("\"product\": \"Wiz\"", "\"product\": \"Wiz (ours)\"");
    assertThat(own).contains("Wiz (ours)");
    Files.writeString(mappings.resolve("wiz-issue.json"), own);
    FindingNormalizer normalizer = FindingNormalizer.of(new IngestSettings(1024 * 1024, Optional.of(mappings), Map.of()));

    byte[] wiz = SourceFixtures.text("webhook-wiz-issue.json").getBytes(StandardCharsets.UTF_8);
    assertThat(accepted(normalizer.normalize(wiz, RECEIVED_AT))).extracting(Finding::getProduct)
        .containsExactly("Wiz (ours)");
  }

  @Test
  void two_mapping_files_of_one_name_stop_redress_naming_both(@TempDir Path mappings) throws Exception {
    Files.writeString(mappings.resolve("a.json"), MAPPING);
    Files.writeString(mappings.resolve("b.json"), MAPPING);
    IngestSettings ingest = new IngestSettings(1024 * 1024, Optional.of(mappings), Map.of());

    assertThatThrownBy(() -> FindingNormalizer.of(ingest)).hasMessageContaining("b.json")
        .hasMessageContaining("names the mapping 'acme-cspm' as").hasMessageContaining("a.json");
  }

  private static String bundledWiz() throws Exception {
    try (InputStream in = WebhookReader.class.getResourceAsStream("/webhooks/wiz-issue.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void a_broken_mapping_file_stops_redress_naming_the_key_and_the_file(@TempDir Path mappings) throws Exception {
    Files.writeString(mappings.resolve("broken.json"), "{\"name\": ");
    IngestSettings ingest = new IngestSettings(1024 * 1024, Optional.of(mappings), Map.of());

    assertThatThrownBy(() -> FindingNormalizer.of(ingest))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.webhook-mappings")
        .hasMessageContaining("broken.json");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "\"fields\": {|\"fields\": {\"account\": \"/elsewhere\", |Duplicate field 'account'",
      "{\"name\": \"acme-cspm\"|{\"name\": \"acme-cspm\", \"name\": \"redress\"|Duplicate field 'name'",
      "\"values\": {\"status\": {\"open\": \"FAILED\", \"closed\": \"PASSED\"}}|\"values\": \"oops\"|"
          + "'values' is an object of",
      "\"controls\": {\"acme-s3-public\": \"S3.8\"}}|\"controls\": {\"acme-s3-public\": \"S3.8\"}} {\"name\": \"w\"}|"
          + "Trailing token"})
  void a_mapping_file_with_a_key_twice_a_values_section_that_is_no_object_or_text_after_it_stops_redress(
      String part, String broken, String rule, @TempDir Path mappings) throws Exception {
    assertThat(MAPPING).contains(part);
    Files.writeString(mappings.resolve("acme-cspm.json"), MAPPING.replace(part, broken));
    IngestSettings ingest = new IngestSettings(1024 * 1024, Optional.of(mappings), Map.of());

    assertThatThrownBy(() -> FindingNormalizer.of(ingest))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("acme-cspm.json")
        .hasMessageContaining(rule);
  }

  @Test
  void a_mappings_directory_that_does_not_exist_is_a_configuration_error(@TempDir Path dir) {
    assertThatThrownBy(() -> new IngestSettings(1024 * 1024, Optional.of(dir.resolve("absent")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook-mappings")
        .hasMessageContaining("not a directory");
  }
}
