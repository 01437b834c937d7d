package io.redress.ingest;

import static io.redress.ingest.SourceFixtures.json;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GuardDuty findings, native ("GuardDuty Finding" events) and forwarded by Security Hub as ASFF. */
class GuardDutyReaderTest {

  private static final String ACCESS_KEY = "guardduty-finding-access-key.json";
  private static final String BUCKET = "guardduty-finding-s3-block-public-access-disabled.json";
  private static final String AS_ASFF = "guardduty-asff-through-security-hub.json";

  private static ObjectNode detail(JsonNode event) {
    return (ObjectNode) event.get("detail");
  }

  @Test
  void a_guardduty_finding_is_a_threat_with_no_compliance_verdict() {
    Finding finding = readOne(json(ACCESS_KEY));

    assertThat(finding.getKind()).isEqualTo(FindingKind.THREAT);
    assertThat(finding.getSource()).isEqualTo(FindingSource.GUARDDUTY);
    assertThat(finding.getCompliance()).isEqualTo(ComplianceStatus.NOT_AVAILABLE);
    assertThat(finding.getRuleId()).isEqualTo("UnauthorizedAccess:IAMUser/MaliciousIPCaller");
    assertThat(finding.getActive()).isTrue();
  }

  @Test
  void a_threat_type_without_a_safe_response_maps_to_no_control() {
    assertThat(readOne(json(ACCESS_KEY)).getControl()).isNull();
  }

  @Test
  void an_access_key_threat_is_about_the_key() {
    Finding finding = readOne(json(ACCESS_KEY));

    assertThat(finding.getResource().getType()).isEqualTo("AwsIamAccessKey");
    assertThat(finding.getResource().getId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
    assertThat(finding.getSeverity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void block_public_access_disabled_on_a_bucket_maps_to_the_bucket_control_as_a_safe_response() {
    Finding finding = readOne(json(BUCKET));

    assertThat(finding.getControl()).isEqualTo("S3.8");
    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
    assertThat(finding.getSeverity()).isEqualTo(Severity.LOW);
  }

  @Test
  void a_bucket_threat_keeps_the_buckets_tags_so_a_tag_scoped_exception_covers_it() {
    JsonNode event = json(BUCKET);
    ArrayNode tags = (ArrayNode) detail(event).get("resource").get("s3BucketDetails").get(0).get("tags");
    tags.addObject().put("key", "env").put("value", "sandbox");

    assertThat(readOne(event).getResource().getTags()).containsExactly(Map.entry("env", "sandbox"));
  }

  @Test
  void an_archived_finding_is_inactive() {
    JsonNode event = json(ACCESS_KEY);
    ((ObjectNode) detail(event).get("service")).put("archived", true);

    assertThat(readOne(event).getActive()).isFalse();
  }

  @Test
  void a_finding_about_another_kind_of_resource_is_named_by_its_own_arn() {
    JsonNode event = json(ACCESS_KEY);
    ((ObjectNode) detail(event).get("resource")).put("resourceType", "EKSCluster");

    Finding finding = readOne(event);

    assertThat(finding.getResource().getType()).isEqualTo("Other");
    assertThat(finding.getResource().getId()).isEqualTo(detail(event).get("arn").textValue());
  }

  @Test
  void a_severity_outside_guardduty_scores_is_rejected() {
    JsonNode event = json(ACCESS_KEY);
    detail(event).put("severity", 42);

    assertThat(rejection(event)).endsWith("has severity 42.0, not a GuardDuty score from 0 to 10");
  }

  @Test
  void each_severity_band_starts_at_its_documented_score() {
    double[] scores = {0, 0.9, 1, 3.9, 4, 6.9, 7, 8.9, 9, 10};
    Severity[] bands = {Severity.INFORMATIONAL, Severity.INFORMATIONAL, Severity.LOW, Severity.LOW, Severity.MEDIUM,
        Severity.MEDIUM, Severity.HIGH, Severity.HIGH, Severity.CRITICAL, Severity.CRITICAL};
    for (int i = 0; i < scores.length; i++) {
      JsonNode event = json(ACCESS_KEY);
      detail(event).put("severity", scores[i]);

      assertThat(readOne(event).getSeverity()).as("score " + scores[i]).isEqualTo(bands[i]);
    }
  }

  @Test
  void a_severity_just_outside_the_scores_is_rejected_on_either_side() {
    for (double score : new double[] {-0.1, 10.1}) {
      JsonNode event = json(ACCESS_KEY);
      detail(event).put("severity", score);

      assertThat(rejection(event)).endsWith("has severity " + score + ", not a GuardDuty score from 0 to 10");
    }
  }

  @Test
  void an_instance_threat_names_the_instance_by_its_arn_and_keeps_its_well_formed_tags() {
    JsonNode event = json(ACCESS_KEY);
    ObjectNode affected = (ObjectNode) detail(event).get("resource");
    affected.put("resourceType", "Instance");
    ObjectNode instance = affected.putObject("instanceDetails").put("instanceId", "i-0abc1234def567890");
    ArrayNode tags = instance.putArray("tags");
    tags.addObject().put("key", "team").put("value", "payments");
    tags.addObject().put("key", "broken");
    tags.addObject().put("key", 7).put("value", "seven");

    Finding finding = readOne(event);

    assertThat(finding.getResource().getType()).isEqualTo("AwsEc2Instance");
    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:ec2:"
        + detail(event).get("region").textValue() + ":" + detail(event).get("accountId").textValue()
        + ":instance/i-0abc1234def567890");
    assertThat(finding.getResource().getTags()).containsExactly(Map.entry("team", "payments"));
  }

  @Test
  void a_severity_given_as_text_is_rejected() {
    JsonNode event = json(ACCESS_KEY);
    detail(event).put("severity", "HIGH");

    assertThat(rejection(event)).endsWith("severity is a string, expected a number");
  }

  @Test
  void an_access_key_finding_without_the_key_is_rejected() {
    JsonNode event = json(ACCESS_KEY);
    ((ObjectNode) detail(event).get("resource")).remove("accessKeyDetails");

    assertThat(rejection(event)).endsWith("has no resource.accessKeyDetails.accessKeyId");
  }

  @Test
  void a_guardduty_finding_through_security_hub_is_a_threat_not_a_compliance_check() {
    Finding finding = readOne(json(AS_ASFF));

    assertThat(finding.getKind()).isEqualTo(FindingKind.THREAT);
    assertThat(finding.getSource()).isEqualTo(FindingSource.SECURITY_HUB);
    assertThat(finding.getProduct()).isEqualTo("GuardDuty");
    assertThat(finding.getControl()).isNull();
  }

  @Test
  void a_guardduty_type_through_security_hub_maps_like_the_native_one() {
    JsonNode event = json(AS_ASFF);
    ((ObjectNode) event.get("detail").get("findings").get(0)).putArray("Types")
        .add("Effects/Data Exposure/Policy:S3-BucketBlockPublicAccessDisabled");

    assertThat(readOne(event).getControl()).isEqualTo("S3.8");
  }
}
