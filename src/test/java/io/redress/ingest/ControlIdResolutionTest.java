package io.redress.ingest;

import static io.redress.ingest.Fixtures.RECEIVED_AT;
import static io.redress.ingest.Fixtures.accepted;
import static io.redress.ingest.Fixtures.normalizeOne;
import static io.redress.ingest.Fixtures.singleFinding;
import static io.redress.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlIdResolutionTest {

  @Test
  void compliance_security_control_id_wins_over_every_other_hint() {
    ObjectNode asff = findingWith("S3.8", "S3.1", "aws-foundational-security-best-practices/v/1.0.0/S3.2");

    assertThat(normalizeOne(asff).getControl()).isEqualTo("S3.8");
  }

  @Test
  void without_a_security_control_id_the_product_fields_control_id_is_used() {
    ObjectNode asff = findingWith(null, "S3.1", "aws-foundational-security-best-practices/v/1.0.0/S3.2");

    assertThat(normalizeOne(asff).getControl()).isEqualTo("S3.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"security-control/S3.2", "aws-foundational-security-best-practices/v/1.0.0/S3.2"})
  void without_either_the_last_segment_of_the_generator_id_is_used(String generatorId) {
    assertThat(normalizeOne(findingWith(null, null, generatorId)).getControl()).isEqualTo("S3.2");
  }

  @Test
  void a_standard_specific_product_fields_control_id_is_not_taken_for_a_control() {
    ObjectNode asff = findingWith(null, "2.1.5.2", "cis-aws-foundations-benchmark/v/1.4.0/2.1.5.2");

    assertThat(normalizeOne(asff).getControl()).as("found through the table, not taken verbatim").isEqualTo("S3.8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"S3.8\n<b>x</b>;resource=y", "S3.8\u0000", "<b>S3.8</b>", "S3.8 "})
  void a_security_control_id_that_is_not_a_control_id_is_passed_over_for_the_next_source(String securityControlId) {
    ObjectNode withProductFields = findingWith(securityControlId, "S3.1", "security-control/S3.2");
    ObjectNode withNeither = findingWith(securityControlId, null,
        "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/9.9");

    assertThat(normalizeOne(withProductFields).getControl()).isEqualTo("S3.1");
    assertThat(normalizeOne(withNeither).getControl()).isNull();
  }

  @Test
  void a_cis_ruleset_generator_id_is_looked_up_in_the_mapping_table() {
    ObjectNode asff = findingWith(null, null,
        "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/2.7");

    assertThat(normalizeOne(asff).getControl()).isEqualTo("CloudTrail.2");
  }

  @Test
  void a_prowler_check_imported_through_security_hub_uses_the_prowler_rows_of_the_table() {
    ObjectNode asff = findingWith(null, null, "prowler-s3_bucket_level_public_access_block");

    assertThat(normalizeOne(asff).getControl()).isEqualTo("S3.8");
  }

  @Test
  void the_mapping_table_is_data_a_new_row_maps_a_new_rule() {
    ControlMappings table = ControlMappings.parse("""
        source,rule_id,control
        SECURITY_HUB,acme-custom-checks/public-buckets,S3.8
        """, "test table");
    ObjectNode asff = findingWith(null, null, "acme-custom-checks/public-buckets");

    FindingNormalizer normalizer = new FindingNormalizer(FindingNormalizer.discoverReaders(), table, FindingNormalizer.DEFAULT_MAX_RECORD_BYTES);

    String control = accepted(normalizer.normalize(write(asff), RECEIVED_AT)).get(0).getControl();

    assertThat(control).isEqualTo("S3.8");
  }

  @Test
  void a_rule_that_maps_to_no_known_control_has_no_control() {
    ObjectNode asff = findingWith(null, null, "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/9.9");

    assertThat(normalizeOne(asff).getControl()).isNull();
  }

  private static ObjectNode findingWith(String securityControlId, String productFieldsControlId, String generatorId) {
    ObjectNode asff = singleFinding().put("GeneratorId", generatorId);
    ObjectNode compliance = (ObjectNode) asff.get("Compliance");
    ObjectNode productFields = (ObjectNode) asff.get("ProductFields");
    if (securityControlId == null) {
      compliance.remove("SecurityControlId");
    } else {
      compliance.put("SecurityControlId", securityControlId);
    }
    if (productFieldsControlId != null) {
      productFields.put("ControlId", productFieldsControlId);
    }
    return asff;
  }
}
