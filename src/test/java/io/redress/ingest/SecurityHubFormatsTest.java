package io.redress.ingest;

import static io.redress.ingest.SourceFixtures.json;
import static io.redress.ingest.SourceFixtures.read;
import static io.redress.ingest.SourceFixtures.readOne;
import static io.redress.ingest.SourceFixtures.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.FindingSource;
import io.redress.contract.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Security Hub's custom action events and its v2 (OCSF) "Findings Imported V2" events. */
class SecurityHubFormatsTest {

  private static final String CUSTOM_ACTION = "securityhub-custom-action.json";
  private static final String V2 = "securityhub-v2-findings-imported.json";

  private static ObjectNode v2Finding(JsonNode event) {
    return (ObjectNode) event.get("detail").get("findings").get(0);
  }

  @Test
  void every_finding_of_a_custom_action_is_an_explicit_request_naming_the_action() {
    List<Finding> findings = read(CUSTOM_ACTION);

    assertThat(findings).extracting(Finding::getControl).containsExactly("S3.8", "EC2.13");
    assertThat(findings).extracting(Finding::getRequest).containsOnly("Remediate");
  }

  @Test
  void every_finding_of_a_custom_action_carries_the_event_id_so_a_redelivery_is_recognised() {
    assertThat(read(CUSTOM_ACTION)).extracting(Finding::getRequestId)
        .containsOnly("1a1111a1-b22b-3c33-444d-5555e5ee5555");
  }

  @Test
  void a_custom_action_without_an_event_id_is_a_request_without_one() {
    ObjectNode event = (ObjectNode) json(CUSTOM_ACTION);
    event.remove("id");

    assertThat(read(event)).extracting(Finding::getRequestId).containsOnlyNulls();
    assertThat(read(event)).extracting(Finding::getRequest).containsOnly("Remediate");
  }

  @Test
  void a_custom_action_with_an_event_id_longer_than_an_identifier_is_rejected() {
    ObjectNode event = (ObjectNode) json(CUSTOM_ACTION);
    event.put("id", "x".repeat(513));

    assertThat(rejection(event)).startsWith("the custom action event has id 'xxx").contains("characters ASFF allows");
  }

  @Test
  void an_imported_finding_is_no_request() {
    JsonNode event = json(CUSTOM_ACTION);
    ((ObjectNode) event).put("detail-type", "Security Hub Findings - Imported");

    assertThat(read(event)).extracting(Finding::getRequest).containsOnlyNulls();
    assertThat(read(event)).extracting(Finding::getRequestId).containsOnlyNulls();
  }

  @Test
  void a_custom_action_without_its_name_is_rejected() {
    JsonNode event = json(CUSTOM_ACTION);
    ((ObjectNode) event.get("detail")).remove("actionName");

    assertThat(rejection(event)).isEqualTo("the custom action event's detail has no actionName");
  }

  @Test
  void a_v2_control_finding_is_read_from_ocsf() {
    Finding finding = readOne(json(V2));

    assertThat(finding.getSource()).isEqualTo(FindingSource.SECURITY_HUB);
    assertThat(finding.getControl()).isEqualTo("S3.8");
    assertThat(finding.getCompliance()).isEqualTo(ComplianceStatus.FAILED);
    assertThat(finding.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(finding.getActive()).isTrue();
    assertThat(finding.getKind()).isEqualTo(FindingKind.MISCONFIGURATION);
  }

  @Test
  void a_v2_resource_of_cloudformation_type_and_bare_name_becomes_the_asff_type_and_arn() {
    Finding finding = readOne(json(V2));

    assertThat(finding.getResource().getType()).isEqualTo("AwsS3Bucket");
    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
    assertThat(finding.getResource().getTags()).containsEntry("team", "payments");
  }

  @Test
  void a_v2_finding_that_passes_is_passed_and_a_resolved_one_inactive() {
    JsonNode event = json(V2);
    ((ObjectNode) v2Finding(event).get("compliance")).put("status", "Pass");
    v2Finding(event).put("status", "Resolved");

    Finding finding = readOne(event);

    assertThat(finding.getCompliance()).isEqualTo(ComplianceStatus.PASSED);
    assertThat(finding.getActive()).isFalse();
  }

  @Test
  void a_v2_event_with_several_findings_yields_each() {
    JsonNode event = json(V2);
    ArrayNode findings = (ArrayNode) event.get("detail").get("findings");
    ObjectNode second = v2Finding(event).deepCopy();
    ((ObjectNode) second.get("finding_info")).put("uid", "another");
    ((ObjectNode) second.get("compliance")).put("control", "S3.2");
    findings.add(second);

    assertThat(read(event)).extracting(Finding::getControl).containsExactly("S3.8", "S3.2");
  }

  @Test
  void a_v2_guardduty_detection_is_a_threat_mapped_by_its_type() {
    JsonNode event = json(V2);
    ObjectNode finding = v2Finding(event);
    finding.remove("compliance");
    ((ObjectNode) finding.get("metadata").get("product")).put("name", "GuardDuty");
    ((ObjectNode) finding.get("finding_info")).putArray("types").add("Policy:S3/BucketBlockPublicAccessDisabled");

    Finding threat = readOne(event);

    assertThat(threat.getKind()).isEqualTo(FindingKind.THREAT);
    assertThat(threat.getControl()).isEqualTo("S3.8");
  }

  @Test
  void a_v2_finding_with_an_unknown_severity_is_rejected() {
    JsonNode event = json(V2);
    v2Finding(event).put("severity", "Spicy");

    assertThat(rejection(event)).contains("has severity 'Spicy', not one of OCSF's severities");
  }
}
