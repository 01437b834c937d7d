package io.redress.ingest;

import static io.redress.ingest.SourceFixtures.json;
import static io.redress.ingest.SourceFixtures.read;
import static io.redress.ingest.SourceFixtures.readOne;
import static io.redress.ingest.SourceFixtures.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.FindingSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prowler's OCSF output ({@code prowler aws -M json-ocsf}), as its OCSF writer produces it. */
class ProwlerReaderTest {

  private static final String FILE = "prowler-ocsf.json";

  private static ArrayNode file() {
    return (ArrayNode) json(FILE);
  }

  private static ObjectNode first(ArrayNode file) {
    return (ObjectNode) file.get(0);
  }

  @Test
  void a_prowler_file_yields_one_finding_per_entry_in_order_each_mapped_by_its_check_id() {
    List<Finding> findings = read(FILE);

    assertThat(findings).extracting(Finding::getRuleId).containsExactly("s3_bucket_level_public_access_block",
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22", "s3_bucket_object_versioning",
        "s3_bucket_event_notifications_enabled");
    assertThat(findings).extracting(Finding::getControl).containsExactly("S3.8", "EC2.13", "S3.14", null);
    assertThat(findings).extracting(Finding::getSource).containsOnly(FindingSource.PROWLER);
    assertThat(findings).extracting(Finding::getKind).containsOnly(FindingKind.MISCONFIGURATION);
  }

  @Test
  void a_fail_is_an_active_failed_finding_on_the_resource_prowler_names() {
    Finding fail = read(FILE).get(0);

    assertThat(fail.getCompliance()).isEqualTo(ComplianceStatus.FAILED);
    assertThat(fail.getActive()).isTrue();
    assertThat(fail.getResource().getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
    assertThat(fail.getResource().getType()).isEqualTo("AwsS3Bucket");
    assertThat(fail.getResource().getAccount()).isEqualTo("111122223333");
    assertThat(fail.getResource().getTags()).containsEntry("team", "payments");
    assertThat(fail.getProduct()).isEqualTo("Prowler");
    assertThat(fail.getDescription()).startsWith("Block Public Access is not configured");
  }

  @Test
  void a_muted_fail_is_inactive_so_it_never_acts() {
    Finding muted = read(FILE).get(1);

    assertThat(muted.getCompliance()).isEqualTo(ComplianceStatus.FAILED);
    assertThat(muted.getActive()).isFalse();
  }

  @Test
  void a_fail_suppressed_only_by_its_status_id_is_inactive_too() {
    ArrayNode file = file();
    ObjectNode fail = first(file);
    fail.remove("status");
    fail.put("status_id", 3);

    assertThat(read(file).get(0).getActive()).isFalse();
  }

  @Test
  void prowlers_no_multi_region_trail_finding_is_about_the_account() {
    ArrayNode file = file();
    ObjectNode fail = first(file);
    ObjectNode resource = (ObjectNode) fail.withArray("resources").get(0);
    resource.put("type", "AwsCloudTrailTrail");
    resource.put("uid", "arn:aws:cloudtrail:eu-west-1:111122223333:trail");

    Finding finding = read(file).get(0);

    assertThat(finding.getResource().getType()).isEqualTo("AwsAccount");
    assertThat(finding.getResource().getId()).isEqualTo("AWS::::Account:111122223333");
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
      "AwsCloudTrailTrail, arn:aws:cloudtrail:eu-west-1:999999999999:trail",
      "AwsCloudTrailTrail, arn:aws-cn:cloudtrail:eu-west-1:111122223333:trail",
      "AwsS3Bucket, arn:aws:cloudtrail:eu-west-1:111122223333:trail"})
  void a_trail_without_a_name_of_another_account_or_partition_or_type_is_not_taken_for_this_account(String type, String uid) {
    ArrayNode file = file();
    ObjectNode resource = (ObjectNode) first(file).withArray("resources").get(0);
    resource.put("type", type);
    resource.put("uid", uid);

    assertThat(rejection(file)).contains(uid);
  }

  @Test
  void a_named_trail_stays_the_trail() {
    ArrayNode file = file();
    ObjectNode resource = (ObjectNode) first(file).withArray("resources").get(0);
    resource.put("type", "AwsCloudTrailTrail");
    resource.put("uid", "arn:aws:cloudtrail:eu-west-1:111122223333:trail/management");

    Finding finding = read(file).get(0);

    assertThat(finding.getResource().getType()).isEqualTo("AwsCloudTrailTrail");
    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:cloudtrail:eu-west-1:111122223333:trail/management");
  }

  @Test
  void a_pass_is_passed() {
    assertThat(read(FILE).get(2).getCompliance()).isEqualTo(ComplianceStatus.PASSED);
  }

  @Test
  void a_manual_check_is_nothing_to_act_on() {
    ArrayNode file = file();
    first(file).put("status_code", "MANUAL");

    assertThat(read(file).get(0).getCompliance()).isEqualTo(ComplianceStatus.NOT_AVAILABLE);
  }

  @Test
  void prowler_times_without_an_offset_are_read_as_utc() {
    assertThat(read(FILE).get(0).getObservedAt()).isEqualTo(Instant.parse("2025-11-20T09:14:00Z"));
  }

  @Test
  void one_finding_alone_is_read_as_well_as_a_file() {
    Finding one = readOne(first(file()));

    assertThat(one.getControl()).isEqualTo("S3.8");
  }

  @Test
  void optional_fields_may_be_missing_and_unknown_fields_are_ignored() {
    ArrayNode file = file();
    ObjectNode fail = first(file);
    fail.remove(List.of("status_detail", "message", "unmapped", "remediation", "severity"));
    ((ObjectNode) fail.get("finding_info")).remove("desc");
    ((ObjectNode) fail.get("resources").get(0)).remove(List.of("labels", "cloud_partition"));
    fail.putObject("a_field_from_a_later_prowler").put("anything", 1);

    Finding finding = read(file).get(0);

    assertThat(finding.getDescription()).isNull();
    assertThat(finding.getResource().getPartition()).isEqualTo("aws");
    assertThat(finding.getResource().getTags()).isEmpty();
  }

  @Test
  void a_status_code_of_the_wrong_type_rejects_the_file_naming_the_field() {
    ArrayNode file = file();
    ((ObjectNode) file.get(2)).put("status_code", 1);

    assertThat(rejection(file)).startsWith("finding 3 of 4 (id prowler-aws-s3_bucket_object_versioning")
        .endsWith(": status_code is a number, expected a string");
  }

  @Test
  void an_unknown_status_code_is_rejected() {
    ArrayNode file = file();
    first(file).put("status_code", "MAYBE");

    assertThat(rejection(file)).contains("has status_code 'MAYBE', not one of PASS, FAIL, MANUAL, WARNING");
  }

  @Test
  void a_finding_without_a_check_id_is_rejected() {
    ArrayNode file = file();
    ((ObjectNode) first(file).get("metadata")).remove("event_code");

    assertThat(rejection(file)).endsWith("has neither metadata.event_code nor compliance.control: no check to map to a"
        + " control");
  }

  @Test
  void a_finding_without_an_account_is_rejected() {
    ArrayNode file = file();
    ((ObjectNode) first(file).get("cloud")).remove("account");

    assertThat(rejection(file)).endsWith("has no cloud.account.uid");
  }
}
