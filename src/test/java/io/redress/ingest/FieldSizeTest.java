package io.redress.ingest;

import static io.redress.ingest.Fixtures.normalizeOne;
import static io.redress.ingest.Fixtures.rejectionOf;
import static io.redress.ingest.Fixtures.singleFinding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A finding stays small whatever the input: identifiers past ASFF's limits are rejected, prose is cut. */
class FieldSizeTest {

  @ParameterizedTest
  @ValueSource(strings = {"Id", "GeneratorId"})
  void an_identifier_of_512_characters_is_kept_whole(String field) {
    ObjectNode asff = singleFinding().put(field, "security-control/" + "x".repeat(512 - 17));

    Finding finding = normalizeOne(asff);

    assertThat(field.equals("Id") ? finding.getFindingId() : finding.getRuleId()).hasSize(512);
  }

  @Test
  void an_id_of_513_characters_is_rejected_quoting_only_its_start() {
    ObjectNode asff = singleFinding().put("Id", "i".repeat(513));

    assertThat(rejectionOf(asff)).isEqualTo("finding 1 of 1 has Id '" + "i".repeat(200)
        + "…' (513 characters), longer than the 512 characters ASFF allows");
  }

  @Test
  void a_generator_id_of_a_megabyte_is_rejected() {
    ObjectNode asff = singleFinding().put("GeneratorId", "g".repeat(1_000_000));

    assertThat(rejectionOf(asff))
        .endsWith("has GeneratorId '" + "g".repeat(200) + "…' (1000000 characters), longer than the 512 characters"
            + " ASFF allows");
  }

  @Test
  void a_security_control_id_longer_than_512_characters_is_rejected() {
    ObjectNode asff = singleFinding();
    ((ObjectNode) asff.get("Compliance")).put("SecurityControlId", "S".repeat(513));

    assertThat(rejectionOf(asff)).contains("has Compliance.SecurityControlId 'SSS").endsWith("ASFF allows");
  }

  @Test
  void a_title_of_a_megabyte_is_cut_to_256_characters_with_a_visible_marker() {
    ObjectNode asff = singleFinding().put("Title", "t".repeat(1_000_000));

    String title = normalizeOne(asff).getTitle();

    assertThat(title).hasSize(256).endsWith("t [truncated from 1000000 characters]");
  }

  @Test
  void a_title_of_256_characters_is_kept_and_one_of_257_is_cut() {
    assertThat(normalizeOne(singleFinding().put("Title", "t".repeat(256))).getTitle()).isEqualTo("t".repeat(256));
    assertThat(normalizeOne(singleFinding().put("Title", "t".repeat(257))).getTitle())
        .hasSize(256).endsWith(" [truncated from 257 characters]");
  }

  @Test
  void a_description_of_a_megabyte_is_cut_to_1024_characters_with_a_visible_marker() {
    ObjectNode asff = singleFinding().put("Description", "d".repeat(1_000_000));

    assertThat(normalizeOne(asff).getDescription()).hasSize(1024).endsWith("d [truncated from 1000000 characters]");
  }

  @Test
  void a_description_of_1024_characters_is_kept_whole() {
    ObjectNode asff = singleFinding().put("Description", "d".repeat(1024));

    assertThat(normalizeOne(asff).getDescription()).isEqualTo("d".repeat(1024));
  }

  @Test
  void a_cut_never_splits_a_character_outside_the_basic_plane() {
    // One letter, then two-char emoji: the cut falls between the two halves of one, which is left out whole.
    String title = "a" + "🔓".repeat(200);

    String cut = normalizeOne(singleFinding().put("Title", title)).getTitle();

    assertThat(cut).hasSize(255).endsWith("🔓 [truncated from 401 characters]");
  }

  @Test
  void a_product_name_of_a_megabyte_is_cut_to_256_characters() {
    ObjectNode topLevel = singleFinding().put("ProductName", "p".repeat(1_000_000));
    ObjectNode fromProductFields = singleFinding();
    fromProductFields.remove("ProductName");
    ((ObjectNode) fromProductFields.get("ProductFields")).put("aws/securityhub/ProductName", "p".repeat(1_000_000));

    assertThat(normalizeOne(topLevel).getProduct()).hasSize(256).endsWith(" [truncated from 1000000 characters]");
    assertThat(normalizeOne(fromProductFields).getProduct()).hasSize(256);
  }

  @Test
  void a_product_fields_control_id_of_a_megabyte_is_not_taken_for_a_control() {
    ObjectNode asff = singleFinding().put("GeneratorId", "acme-custom-checks/public-buckets");
    ((ObjectNode) asff.get("Compliance")).remove("SecurityControlId");
    ((ObjectNode) asff.get("ProductFields")).put("ControlId", "S".repeat(1_000_000) + ".8");

    assertThat(normalizeOne(asff).getControl()).isNull();
  }
}
