package io.redress.ingest;

import static io.redress.ingest.Fixtures.RECEIVED_AT;
import static io.redress.ingest.Fixtures.firstResource;
import static io.redress.ingest.Fixtures.normalizeOne;
import static io.redress.ingest.Fixtures.rejectionOf;
import static io.redress.ingest.Fixtures.singleFinding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AsffFieldMappingTest {

  @Test
  void identity_and_text_fields_come_from_the_asff_finding() {
    Finding finding = normalizeOne(singleFinding());

    assertThat(finding.getFindingId()).isEqualTo(
        "arn:aws:securityhub:us-east-1:111122223333:security-control/S3.8/finding/8c3f1a9e-52d4-4b7e-9f0a-6d2e1c4b7a35");
    assertThat(finding.getSource()).isEqualTo(FindingSource.SECURITY_HUB);
    assertThat(finding.getProduct()).isEqualTo("Security Hub");
    assertThat(finding.getRuleId()).isEqualTo("security-control/S3.8");
    assertThat(finding.getTitle()).isEqualTo("S3 general purpose buckets should block public access");
    assertThat(finding.getDescription()).startsWith("This control checks whether an Amazon S3 general purpose bucket");
    assertThat(finding.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(finding.getCompliance()).isEqualTo(ComplianceStatus.FAILED);
    assertThat(finding.getActive()).isTrue();
  }

  @Test
  void product_falls_back_to_the_product_field_then_to_security_hub() {
    ObjectNode fromProductFields = singleFinding();
    fromProductFields.remove("ProductName");
    ((ObjectNode) fromProductFields.get("ProductFields")).put("aws/securityhub/ProductName", "Inspector");
    ObjectNode withNeither = singleFinding();
    withNeither.remove("ProductName");
    withNeither.remove("ProductFields");

    assertThat(normalizeOne(fromProductFields).getProduct()).isEqualTo("Inspector");
    assertThat(normalizeOne(withNeither).getProduct()).isEqualTo("Security Hub");
  }

  @Test
  void a_bare_bucket_name_becomes_the_buckets_arn_as_the_other_sources_name_it() {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Type", "AwsS3Bucket").put("Id", "acme-payments-exports");

    assertThat(normalizeOne(asff).getResource().getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
  }

  @Test
  void a_bare_security_group_id_becomes_its_arn_in_the_findings_region_and_account() {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Type", "AwsEc2SecurityGroup").put("Id", "sg-0123456789abcdef0").put("Region", "eu-west-1");

    assertThat(normalizeOne(asff).getResource().getId())
        .isEqualTo("arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0123456789abcdef0");
  }

  @ParameterizedTest(name = "{0} {1} becomes {2}")
  @CsvSource({
      "AwsAccount, 111122223333, AWS::::Account:111122223333",
      "AwsAccount, AWS::::Account:111122223333, AWS::::Account:111122223333",
      "AwsRdsDbInstance, prod-db, arn:aws:rds:us-east-1:111122223333:db:prod-db",
      "AwsRdsDbInstance, Prod-DB, arn:aws:rds:us-east-1:111122223333:db:prod-db",
      "AwsRdsDbInstance, arn:aws:rds:us-east-1:111122223333:db:PaymentsDB, arn:aws:rds:us-east-1:111122223333:db:paymentsdb",
      "AwsRdsDbSnapshot, arn:aws:rds:us-east-1:111122223333:snapshot:Nightly-1,"
          + " arn:aws:rds:us-east-1:111122223333:snapshot:nightly-1"})
  void an_account_or_rds_resource_becomes_the_one_id_security_hub_gives_it(String type, String id, String expected) {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Type", type).put("Id", id);

    assertThat(normalizeOne(asff).getResource().getId()).isEqualTo(expected);
  }

  @Test
  void a_bare_account_id_of_another_account_is_rejected() {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Type", "AwsAccount").put("Id", "999999999999");

    assertThat(rejectionOf(asff)).contains("not the finding's account 111122223333");
  }

  @Test
  void a_security_control_id_longer_than_any_control_is_not_taken_as_the_control() {
    ObjectNode asff = singleFinding();
    ((ObjectNode) asff.get("Compliance")).put("SecurityControlId", "S" + "a".repeat(64) + ".8");

    assertThat(normalizeOne(asff).getControl()).isEqualTo("S3.8");
  }

  @Test
  void a_missing_description_is_null() {
    ObjectNode asff = singleFinding();
    asff.remove("Description");

    assertThat(normalizeOne(asff).getDescription()).isNull();
  }

  @Test
  void severity_label_wins_over_the_normalized_score() {
    ObjectNode asff = singleFinding();
    ((ObjectNode) asff.get("Severity")).put("Label", "LOW").put("Normalized", 95);

    assertThat(normalizeOne(asff).getSeverity()).isEqualTo(Severity.LOW);
  }

  @ParameterizedTest(name = "normalized {0} is {1}")
  @CsvSource({"0, INFORMATIONAL", "1, LOW", "39, LOW", "40, MEDIUM", "69, MEDIUM", "70, HIGH", "89, HIGH",
      "90, CRITICAL", "100, CRITICAL"})
  void without_a_label_severity_comes_from_the_normalized_score(int normalized, Severity expected) {
    ObjectNode asff = singleFinding();
    asff.putObject("Severity").put("Normalized", normalized);

    assertThat(normalizeOne(asff).getSeverity()).isEqualTo(expected);
  }

  @Test
  void a_finding_with_no_usable_severity_is_rejected() {
    ObjectNode noSeverity = singleFinding();
    noSeverity.remove("Severity");
    ObjectNode unknownLabel = singleFinding();
    ((ObjectNode) unknownLabel.get("Severity")).put("Label", "SEVERE");
    ObjectNode outOfRange = singleFinding();
    outOfRange.putObject("Severity").put("Normalized", 101);

    assertThat(rejectionOf(noSeverity)).endsWith("has no Severity.Label or Severity.Normalized");
    assertThat(rejectionOf(unknownLabel)).endsWith(
        "has Severity.Label 'SEVERE', not one of [INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL]");
    assertThat(rejectionOf(outOfRange)).endsWith("has Severity.Normalized 101, not a whole number from 0 to 100");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"4294967386", "-4294967206", "18446744073709551706"})
  void a_normalized_score_beyond_an_int_is_rejected_not_cut_to_its_low_32_bits(String normalized) {
    ObjectNode asff = singleFinding();
    asff.putObject("Severity").put("Normalized", new BigInteger(normalized));

    assertThat(rejectionOf(asff)).endsWith(
        "has Severity.Normalized " + normalized + ", not a whole number from 0 to 100");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PASSED", "WARNING", "NOT_AVAILABLE", "FAILED"})
  void compliance_comes_from_compliance_status(String status) {
    ObjectNode asff = singleFinding();
    ((ObjectNode) asff.get("Compliance")).put("Status", status);

    assertThat(normalizeOne(asff).getCompliance()).isEqualTo(ComplianceStatus.valueOf(status));
  }

  @Test
  void a_finding_without_compliance_is_not_available_and_an_unknown_status_is_rejected() {
    ObjectNode withoutCompliance = singleFinding();
    withoutCompliance.remove("Compliance");
    ObjectNode unknownStatus = singleFinding();
    ((ObjectNode) unknownStatus.get("Compliance")).put("Status", "NON_COMPLIANT");

    assertThat(normalizeOne(withoutCompliance).getCompliance()).isEqualTo(ComplianceStatus.NOT_AVAILABLE);
    assertThat(rejectionOf(unknownStatus)).endsWith("has Compliance.Status 'NON_COMPLIANT', not one of "
        + "[FAILED, PASSED, WARNING, NOT_AVAILABLE]");
  }

  @Test
  void an_archived_finding_is_inactive() {
    ObjectNode asff = singleFinding().put("RecordState", "ARCHIVED");

    assertThat(normalizeOne(asff).getActive()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RESOLVED", "SUPPRESSED"})
  void a_resolved_or_suppressed_workflow_makes_the_finding_inactive(String status) {
    ObjectNode asff = singleFinding();
    ((ObjectNode) asff.get("Workflow")).put("Status", status);

    assertThat(normalizeOne(asff).getActive()).isFalse();
  }

  @Test
  void a_notified_workflow_stays_active() {
    ObjectNode asff = singleFinding();
    ((ObjectNode) asff.get("Workflow")).put("Status", "NOTIFIED");

    assertThat(normalizeOne(asff).getActive()).isTrue();
  }

  @Test
  void without_a_workflow_object_the_older_workflow_state_decides() {
    ObjectNode asff = singleFinding().put("WorkflowState", "RESOLVED");
    asff.remove("Workflow");

    assertThat(normalizeOne(asff).getActive()).isFalse();
  }

  @Test
  void a_finding_without_record_state_or_workflow_is_active() {
    ObjectNode asff = singleFinding();
    asff.remove("RecordState");
    asff.remove("Workflow");
    asff.remove("WorkflowState");

    assertThat(normalizeOne(asff).getActive()).isTrue();
  }

  @Test
  void the_resource_is_the_first_resource_with_its_tags() {
    Resource resource = normalizeOne(singleFinding()).getResource();

    assertThat(resource.getType()).isEqualTo("AwsS3Bucket");
    assertThat(resource.getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
    assertThat(resource.getPartition()).isEqualTo("aws");
    assertThat(resource.getRegion()).isEqualTo("us-east-1");
    assertThat(resource.getAccount()).isEqualTo("111122223333");
    assertThat(resource.getTags()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "team", "payments", "environment", "production", "data-classification", "confidential"));
  }

  @Test
  void a_resource_without_tags_has_none() {
    ObjectNode asff = singleFinding();
    firstResource(asff).remove("Tags");

    assertThat(normalizeOne(asff).getResource().getTags()).isEmpty();
  }

  @Test
  void partition_defaults_to_aws_and_region_to_the_finding_region() {
    ObjectNode asff = singleFinding().put("Region", "eu-west-1");
    firstResource(asff).remove("Partition");
    firstResource(asff).remove("Region");

    Resource resource = normalizeOne(asff).getResource();

    assertThat(resource.getPartition()).isEqualTo("aws");
    assertThat(resource.getRegion()).isEqualTo("eu-west-1");
  }

  @Test
  void a_finding_with_no_region_anywhere_is_rejected() {
    ObjectNode asff = singleFinding();
    asff.remove("Region");
    firstResource(asff).remove("Region");

    assertThat(rejectionOf(asff)).endsWith("has no region (neither Resources[0].Region nor Region)");
  }

  @Test
  void observed_at_is_updated_at_and_received_at_is_the_given_time() {
    Finding finding = normalizeOne(singleFinding().put("UpdatedAt", "2025-11-21T09:13:05.877Z"));

    assertThat(finding.getObservedAt()).isEqualTo(Instant.parse("2025-11-21T09:13:05.877Z"));
    assertThat(finding.getReceivedAt()).isEqualTo(Instant.ofEpochMilli(RECEIVED_AT));
  }

  @Test
  void observed_at_falls_back_to_created_at_and_accepts_an_offset() {
    ObjectNode asff = singleFinding().put("CreatedAt", "2025-11-20T10:12:44.512+01:00");
    asff.remove("UpdatedAt");

    assertThat(normalizeOne(asff).getObservedAt()).isEqualTo(Instant.parse("2025-11-20T09:12:44.512Z"));
  }

  @Test
  void a_finding_with_an_unreadable_or_missing_timestamp_is_rejected() {
    ObjectNode unreadable = singleFinding().put("UpdatedAt", "20 Nov 2025");
    ObjectNode missing = singleFinding();
    missing.remove("UpdatedAt");
    missing.remove("CreatedAt");

    assertThat(rejectionOf(unreadable)).contains("has UpdatedAt '20 Nov 2025', not an ISO-8601 timestamp");
    assertThat(rejectionOf(missing)).endsWith("has neither UpdatedAt nor CreatedAt");
  }

  @Test
  void actor_is_null_unless_the_producer_names_one_in_user_defined_fields() {
    ObjectNode named = singleFinding();
    named.putObject("UserDefinedFields").put("redress:actor", "arn:aws:iam::111122223333:user/jdoe");

    assertThat(normalizeOne(singleFinding()).getActor()).isNull();
    assertThat(normalizeOne(named).getActor()).isEqualTo("arn:aws:iam::111122223333:user/jdoe");
  }
}
