package io.redress.ingest;

import static io.redress.ingest.Fixtures.ASFF_BATCH_TWO_FINDINGS;
import static io.redress.ingest.Fixtures.ASFF_SINGLE_FINDING;
import static io.redress.ingest.Fixtures.EVENTBRIDGE_THREE_FINDINGS;
import static io.redress.ingest.Fixtures.RECEIVED_AT;
import static io.redress.ingest.Fixtures.accepted;
import static io.redress.ingest.Fixtures.json;
import static io.redress.ingest.Fixtures.rejected;
import static io.redress.ingest.Fixtures.rejectionOf;
import static io.redress.ingest.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingNormalizerTest {

  private final FindingNormalizer normalizer = FindingNormalizer.withBundledMappings();

  @Test
  void an_eventbridge_import_event_yields_one_finding_per_entry_in_order() {
    List<Finding> findings = accepted(normalizer.normalize(text(EVENTBRIDGE_THREE_FINDINGS), RECEIVED_AT));

    assertThat(findings).extracting(Finding::getFindingId).containsExactly(
        "arn:aws:securityhub:us-east-1:111122223333:security-control/S3.8/finding/8c3f1a9e-52d4-4b7e-9f0a-6d2e1c4b7a35",
        "arn:aws:securityhub:us-east-1:111122223333:subscription/cis-aws-foundations-benchmark/v/1.2.0/2.7/finding/"
            + "2b6e9d41-7c3a-4f85-a0e2-b19d4c7f6a30",
        "arn:aws:securityhub:us-east-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0/"
            + "EC2.7/finding/5a8c1e3d-6b2f-4d7a-9e0c-3f5b7d9a1c42");
    assertThat(findings).extracting(Finding::getControl).containsExactly("S3.8", "CloudTrail.2", "EC2.7");
    assertThat(findings).extracting(Finding::getSource).containsOnly(FindingSource.SECURITY_HUB);
  }

  @Test
  void a_bare_asff_batch_as_sent_to_batch_import_findings_yields_every_finding() {
    List<Finding> findings = accepted(normalizer.normalize(text(ASFF_BATCH_TWO_FINDINGS), RECEIVED_AT));

    assertThat(findings).extracting(Finding::getProduct).containsExactly("Prowler", "Security Hub");
    assertThat(findings).extracting(Finding::getControl).containsExactly("S3.8", "EC2.19");
  }

  @Test
  void a_single_asff_finding_object_yields_that_finding() {
    List<Finding> findings = accepted(normalizer.normalize(text(ASFF_SINGLE_FINDING), RECEIVED_AT));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.getControl()).isEqualTo("S3.8");
      assertThat(finding.getResource().getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
    });
  }

  @Test
  void text_that_is_not_json_is_rejected_as_not_json() {
    String reason = rejected(normalizer.normalize("{\"detail-type\": \"Security Hub Findings - Imported\", \"detail\": {",
        RECEIVED_AT));

    assertThat(reason).startsWith("not JSON: ").contains("line 1");
  }

  @Test
  void an_empty_record_is_rejected() {
    assertThat(rejected(normalizer.normalize("  ", RECEIVED_AT))).startsWith("empty record");
    assertThat(rejected(normalizer.normalize((String) null, RECEIVED_AT))).startsWith("empty record");
  }

  @Test
  void two_events_in_one_record_are_rejected_rather_than_reading_only_the_first() {
    String single = text(ASFF_SINGLE_FINDING);

    assertThat(rejected(normalizer.normalize(single + single, RECEIVED_AT))).startsWith("not JSON: ");
  }

  @Test
  void a_json_value_that_is_not_an_object_is_rejected() {
    assertThat(rejected(normalizer.normalize("[]", RECEIVED_AT))).startsWith("expected a JSON object, got array");
  }

  @Test
  void an_object_of_unknown_shape_is_rejected_naming_its_fields() {
    String reason = rejected(normalizer.normalize("{\"version\": \"0\", \"records\": []}", RECEIVED_AT));

    assertThat(reason).startsWith("unknown shape: an object with fields [version, records]");
  }

  @Test
  void an_eventbridge_event_of_another_detail_type_is_rejected_naming_it() {
    ObjectNode event = json(EVENTBRIDGE_THREE_FINDINGS).put("detail-type", "Security Hub Insight Results");

    assertThat(rejectionOf(event)).startsWith("EventBridge event of detail-type 'Security Hub Insight Results' is not"
        + " a format Redress reads; expected one of: ").contains("'Security Hub Findings - Imported'");
  }

  @Test
  void an_import_event_with_no_findings_is_rejected() {
    ObjectNode event = json(EVENTBRIDGE_THREE_FINDINGS);
    ((ObjectNode) event.get("detail")).putArray("findings");

    assertThat(rejectionOf(event)).isEqualTo("detail.findings is empty: the record carries no findings");
  }

  @Test
  void an_import_event_without_a_findings_array_is_rejected() {
    ObjectNode event = json(EVENTBRIDGE_THREE_FINDINGS);
    ((ObjectNode) event.get("detail")).put("findings", "none");

    assertThat(rejectionOf(event)).isEqualTo("detail.findings is not an array");
  }

  @Test
  void a_batch_entry_that_is_not_an_object_is_rejected_by_position() {
    ObjectNode batch = json(ASFF_BATCH_TWO_FINDINGS);
    ((ArrayNode) batch.get("Findings")).add("oops");

    assertThat(rejectionOf(batch)).isEqualTo("finding 3 of 3 is not a JSON object");
  }

  @Test
  void a_finding_without_id_is_rejected_by_position() {
    ObjectNode event = json(EVENTBRIDGE_THREE_FINDINGS);
    secondFinding(event).remove("Id");

    assertThat(rejectionOf(event)).isEqualTo("finding 2 of 3 has no Id");
  }

  @Test
  void a_finding_without_resources_is_rejected_naming_position_and_id() {
    ObjectNode event = json(EVENTBRIDGE_THREE_FINDINGS);
    secondFinding(event).remove("Resources");

    assertThat(rejectionOf(event)).isEqualTo("finding 2 of 3 (id " + secondFindingId(event) + ") has no Resources");
  }

  @Test
  void a_finding_with_an_empty_resources_array_is_rejected() {
    ObjectNode event = json(EVENTBRIDGE_THREE_FINDINGS);
    secondFinding(event).putArray("Resources");

    assertThat(rejectionOf(event)).endsWith(") has no Resources");
  }

  @Test
  void a_finding_without_aws_account_id_is_rejected() {
    ObjectNode event = json(EVENTBRIDGE_THREE_FINDINGS);
    secondFinding(event).remove("AwsAccountId");

    assertThat(rejectionOf(event)).isEqualTo("finding 2 of 3 (id " + secondFindingId(event) + ") has no AwsAccountId");
  }

  @Test
  void a_finding_whose_account_id_is_not_twelve_digits_is_rejected() {
    ObjectNode event = json(EVENTBRIDGE_THREE_FINDINGS);
    secondFinding(event).put("AwsAccountId", "1111-2222-3333");

    assertThat(rejectionOf(event)).endsWith("has AwsAccountId '1111-2222-3333', not a twelve-digit account id");
  }

  @Test
  void a_finding_without_generator_id_or_title_is_rejected() {
    ObjectNode withoutGenerator = json(EVENTBRIDGE_THREE_FINDINGS);
    secondFinding(withoutGenerator).remove("GeneratorId");
    ObjectNode withoutTitle = json(EVENTBRIDGE_THREE_FINDINGS);
    secondFinding(withoutTitle).remove("Title");

    assertThat(rejectionOf(withoutGenerator)).endsWith(") has no GeneratorId");
    assertThat(rejectionOf(withoutTitle)).endsWith(") has no Title");
  }

  @Test
  void a_finding_without_resource_type_or_id_is_rejected() {
    ObjectNode withoutType = json(EVENTBRIDGE_THREE_FINDINGS);
    ((ObjectNode) secondFinding(withoutType).get("Resources").get(0)).remove("Type");
    ObjectNode withoutId = json(EVENTBRIDGE_THREE_FINDINGS);
    ((ObjectNode) secondFinding(withoutId).get("Resources").get(0)).remove("Id");

    assertThat(rejectionOf(withoutType)).endsWith(") has no Resources[0].Type");
    assertThat(rejectionOf(withoutId)).endsWith(") has no Resources[0].Id");
  }

  @Test
  void one_malformed_finding_rejects_the_whole_batch() {
    ObjectNode event = json(EVENTBRIDGE_THREE_FINDINGS);
    ((ObjectNode) event.get("detail").get("findings").get(2)).remove("Resources");

    assertThat(normalizer.normalize(event.toString(), RECEIVED_AT)).isInstanceOf(Normalization.Rejected.class);
  }

  @Test
  void json_nested_beyond_the_parser_limit_is_rejected_not_thrown() {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);

    assertThat(rejected(normalizer.normalize(deep, RECEIVED_AT))).startsWith("not JSON: ");
  }

  @Test
  void every_truncation_of_a_valid_event_is_rejected_and_none_throws() {
    String event = text(EVENTBRIDGE_THREE_FINDINGS).strip();

    for (int length = 0; length < event.length(); length += 7) {
      assertThat(normalizer.normalize(event.substring(0, length), RECEIVED_AT))
          .as("prefix of %d characters", length).isInstanceOf(Normalization.Rejected.class);
    }
  }

  private static ObjectNode secondFinding(ObjectNode event) {
    return (ObjectNode) event.get("detail").get("findings").get(1);
  }

  private static String secondFindingId(ObjectNode event) {
    return secondFinding(event).get("Id").asText();
  }
}
