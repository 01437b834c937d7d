package io.redress.ingest;

import static io.redress.ingest.SourceFixtures.json;
import static io.redress.ingest.SourceFixtures.read;
import static io.redress.ingest.SourceFixtures.readOne;
import static io.redress.ingest.SourceFixtures.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Webhook payloads: Redress's own format, and a vendor's through its mapping file. */
class WebhookReaderTest {

  private static final String REDRESS = "webhook-redress.json";
  private static final String WIZ = "webhook-wiz-issue.json";

  @Test
  void the_redress_format_yields_each_finding_it_lists() {
    List<Finding> findings = read(REDRESS);

    assertThat(findings).extracting(Finding::getControl).containsExactly("S3.8", "EC2.13");
    assertThat(findings).extracting(Finding::getCompliance)
        .containsExactly(ComplianceStatus.FAILED, ComplianceStatus.PASSED);
    assertThat(findings).extracting(Finding::getSource).containsOnly(FindingSource.WEBHOOK);
    assertThat(findings.get(0).getProduct()).isEqualTo("Acme Scanner");
    assertThat(findings.get(1).getProduct()).isEqualTo("Webhook");
    assertThat(findings.get(0).getResource().getTags()).containsEntry("team", "payments");
  }

  @Test
  void a_bare_security_group_id_of_cloudformation_type_becomes_its_arn() {
    Finding finding = read(REDRESS).get(1);

    assertThat(finding.getResource().getType()).isEqualTo("AwsEc2SecurityGroup");
    assertThat(finding.getResource().getId())
        .isEqualTo("arn:aws:ec2:us-east-1:111122223333:security-group/sg-0a1b2c3d4e5f60718");
  }

  @Test
  void a_vendor_payload_maps_through_its_mapping_file_without_code() {
    Finding finding = readOne(json(WIZ));

    assertThat(finding.getProduct()).isEqualTo("Wiz");
    assertThat(finding.getRuleId()).isEqualTo("wc-id-1243");
    assertThat(finding.getControl()).isEqualTo("S3.8");
    assertThat(finding.getCompliance()).isEqualTo(ComplianceStatus.FAILED);
    assertThat(finding.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(finding.getResource().getType()).isEqualTo("AwsS3Bucket");
    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
    assertThat(finding.getResource().getAccount()).isEqualTo("111122223333");
  }

  @Test
  void a_vendor_status_meaning_dismissed_is_inactive() {
    JsonNode payload = json(WIZ);
    ((ObjectNode) payload.get("issue")).put("status", "REJECTED");

    assertThat(readOne(payload).getActive()).isFalse();
  }

  @Test
  void a_vendor_status_meaning_fixed_passes() {
    JsonNode payload = json(WIZ);
    ((ObjectNode) payload.get("issue")).put("status", "RESOLVED");

    assertThat(readOne(payload).getCompliance()).isEqualTo(ComplianceStatus.PASSED);
  }

  @Test
  void a_status_the_mapping_does_not_know_is_rejected_naming_field_and_pointer() {
    JsonNode payload = json(WIZ);
    ((ObjectNode) payload.get("issue")).put("status", "SNOOZED");

    assertThat(rejection(payload)).contains("has status (/issue/status) 'SNOOZED', not one of");
  }

  @Test
  void a_payload_missing_a_required_field_is_rejected_naming_field_and_pointer() {
    JsonNode payload = json(REDRESS);
    ((ObjectNode) payload.get("findings").get(1).get("resource")).remove("account");

    assertThat(rejection(payload)).isEqualTo("redress finding 2 of 2 (id acme-scanner/2025-11-20/ssh-open/"
        + "sg-0a1b2c3d4e5f60718) has no account (/resource/account)");
  }

  @Test
  void a_field_of_the_wrong_type_is_rejected() {
    JsonNode payload = json(REDRESS);
    ((ObjectNode) payload.get("findings").get(0)).put("title", 7);

    assertThat(rejection(payload)).endsWith(": title (/title) is a number, expected a string");
  }

  @Test
  void a_payload_of_another_schema_is_not_claimed() {
    JsonNode payload = json(REDRESS);
    ((ObjectNode) payload).put("schema", "someone-else/v9");

    assertThat(rejection(payload)).startsWith("unknown shape: an object with fields [schema, findings]");
  }

  @Test
  void a_mapping_file_without_a_required_field_fails_at_start_naming_the_file() {
    assertThatThrownBy(() -> WebhookMapping.parse("""
        {"name": "acme", "product": "Acme", "match": {"/vendor": "acme"}, "findings": "/items",
         "fields": {"id": "/uid", "rule": "/check"}}
        """, "acme.json"))
        .hasMessageStartingWith("acme.json: fields [").hasMessageContaining("account").hasMessageEndingWith("are required");
  }

  @Test
  void a_mapping_file_with_an_unknown_key_or_status_fails_at_start() {
    assertThatThrownBy(() -> WebhookMapping.parse("{\"name\": \"x\", \"colour\": \"red\"}", "x.json"))
        .hasMessageStartingWith("x.json: unknown key 'colour'");
    assertThatThrownBy(() -> WebhookMapping.parse("""
        {"name": "x", "product": "X", "match": {"/v": "x"}, "fields": {"id": "/a", "rule": "/a", "title": "/a",
         "status": "/a", "resourceType": "/a", "resourceId": "/a", "account": "/a", "region": "/a", "observedAt": "/a"},
         "values": {"status": {"open": "BROKEN"}}}
        """, "x.json"))
        .hasMessageStartingWith("x.json: values.status maps 'open' to 'BROKEN'");
  }

  private static final String FIELDS = """
      "fields": {"id": "/a", "rule": "/a", "title": "/a", "status": "/a", "resourceType": "/a", "resourceId": "/a",
                 "account": "/a", "region": "/a", "observedAt": "/a"}""";

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "\"values\": {\"stauts\": {\"open\": \"FAILED\"}} | x.json: unknown key 'values.stauts'",
      "\"values\": {\"severity\": {\"P1\": \"URGENT\"}} | x.json: values.severity maps 'P1' to 'URGENT'",
      "\"findings\": {\"oops\": 1} | x.json: 'findings' is a JSON pointer string",
      "\"resourceTypes\": {\"bucket\": \"an s3 bucket\"} | x.json: resourceTypes maps 'bucket' to 'an s3 bucket'"})
  void a_mapping_whose_tables_could_never_apply_fails_at_start_naming_the_key(String part, String message) {
    assertThatThrownBy(() -> WebhookMapping.parse("{\"name\": \"x\", \"product\": \"X\", \"match\": {\"/v\": \"x\"}, "
        + FIELDS + ", " + part + "}", "x.json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  @Test
  void the_bundled_mapping_files_all_load() {
    assertThat(new WebhookReader().format()).contains("redress", "wiz-issue");
  }
}
