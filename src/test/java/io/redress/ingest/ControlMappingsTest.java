package io.redress.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.FindingSource;
import org.junit.jupiter.api.Test;

class ControlMappingsTest {

  @Test
  void the_bundled_table_maps_cis_rules_and_prowler_checks_to_security_hub_controls() {
    ControlMappings bundled = ControlMappings.bundled();

    assertThat(bundled.control(FindingSource.SECURITY_HUB,
        "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/4.3")).contains("EC2.2");
    assertThat(bundled.control(FindingSource.PROWLER, "s3_bucket_level_public_access_block")).contains("S3.8");
    assertThat(bundled.control(FindingSource.PROWLER,
        "ec2_securitygroup_allow_ingress_from_internet_to_high_risk_tcp_ports")).contains("EC2.19");
  }

  @Test
  void a_rule_is_looked_up_for_its_own_source_only() {
    ControlMappings bundled = ControlMappings.bundled();

    assertThat(bundled.control(FindingSource.SECURITY_HUB, "s3_bucket_level_public_access_block")).isEmpty();
  }

  @Test
  void comment_and_blank_lines_are_ignored() {
    ControlMappings table = ControlMappings.parse("""
        # a comment before the header

        source,rule_id,control
        # a comment between rows
        PROWLER,s3_bucket_secure_transport_policy,S3.5
        """, "test table");

    assertThat(table.control(FindingSource.PROWLER, "s3_bucket_secure_transport_policy")).contains("S3.5");
  }

  @Test
  void a_table_without_the_header_is_refused() {
    assertThatThrownBy(() -> ControlMappings.parse("PROWLER,s3_bucket_secure_transport_policy,S3.5", "t.csv"))
        .hasMessage("t.csv line 1: expected the header 'source,rule_id,control', got "
            + "'PROWLER,s3_bucket_secure_transport_policy,S3.5'");
  }

  @Test
  void a_row_with_the_wrong_number_of_columns_is_refused_naming_its_line() {
    assertThatThrownBy(() -> ControlMappings.parse("source,rule_id,control\nPROWLER,S3.5\n", "t.csv"))
        .hasMessage("t.csv line 2: expected 3 columns (source,rule_id,control), got 2");
  }

  @Test
  void a_row_whose_control_is_not_a_control_id_is_refused() {
    assertThatThrownBy(() -> ControlMappings.parse("source,rule_id,control\nPROWLER,some_check,2.1.5\n", "t.csv"))
        .hasMessageStartingWith("t.csv line 2: expected a rule id and a control id such as S3.8");
  }

  @Test
  void a_row_with_an_unknown_source_is_refused() {
    assertThatThrownBy(() -> ControlMappings.parse("source,rule_id,control\nCHECKOV,CKV_AWS_53,S3.8\n", "t.csv"))
        .hasMessage("t.csv line 2: unknown source 'CHECKOV'");
  }

  @Test
  void a_rule_mapped_to_two_different_controls_is_refused() {
    assertThatThrownBy(() -> ControlMappings.parse(
        "source,rule_id,control\nPROWLER,some_check,S3.8\nPROWLER,some_check,S3.1\n", "t.csv"))
        .hasMessage("t.csv line 3: PROWLER rule some_check is already mapped to S3.8");
  }
}
