package io.redress.ingest;

import static io.redress.ingest.SourceFixtures.json;
import static io.redress.ingest.SourceFixtures.readOne;
import static io.redress.ingest.SourceFixtures.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import org.junit.jupiter.api.Test;

/** AWS Config's "Config Rules Compliance Change" events, as documented in the Config developer guide. */
class ConfigComplianceReaderTest {

  private static final String NON_COMPLIANT = "config-compliance-change-noncompliant.json";
  private static final String COMPLIANT = "config-compliance-change-compliant.json";

  private static ObjectNode detail(JsonNode event) {
    return (ObjectNode) event.get("detail");
  }

  private static ObjectNode newResult(JsonNode event) {
    return (ObjectNode) detail(event).get("newEvaluationResult");
  }

  @Test
  void a_non_compliant_security_group_is_a_failure_of_its_control_on_the_group_arn() {
    Finding finding = readOne(json(NON_COMPLIANT));

    assertThat(finding.getSource()).isEqualTo(FindingSource.AWS_CONFIG);
    assertThat(finding.getCompliance()).isEqualTo(ComplianceStatus.FAILED);
    assertThat(finding.getActive()).isTrue();
    assertThat(finding.getRuleId()).isEqualTo("securityhub-restricted-ssh-4a1b2c3d");
    assertThat(finding.getControl()).isEqualTo("EC2.13");
    assertThat(finding.getResource().getType()).isEqualTo("AwsEc2SecurityGroup");
    assertThat(finding.getResource().getId())
        .isEqualTo("arn:aws:ec2:us-east-1:111122223333:security-group/sg-0a1b2c3d4e5f60718");
    assertThat(finding.getDescription()).isEqualTo("Port 22 is open to 0.0.0.0/0.");
  }

  @Test
  void a_compliant_bucket_passes_and_its_bare_name_becomes_the_bucket_arn() {
    Finding finding = readOne(json(COMPLIANT));

    assertThat(finding.getCompliance()).isEqualTo(ComplianceStatus.PASSED);
    assertThat(finding.getControl()).isEqualTo("S3.8");
    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
    assertThat(finding.getResource().getType()).isEqualTo("AwsS3Bucket");
  }

  /** Config names an IAM user by its unique id, which no exception on the user's ARN could cover. */
  @Test
  void an_iam_user_named_by_its_unique_id_is_rejected_not_acted_on() {
    JsonNode event = json(NON_COMPLIANT);
    detail(event).put("resourceType", "AWS::IAM::User").put("resourceId", "AIDAJQABLZS4A3QDU576Q");

    assertThat(rejection(event)).contains("'AIDAJQABLZS4A3QDU576Q', not an ARN");
  }

  @Test
  void the_same_resource_and_rule_keep_one_finding_id_across_evaluations() {
    JsonNode later = json(COMPLIANT);
    newResult(later).put("complianceType", "NON_COMPLIANT").put("resultRecordedTime", "2025-11-20T09:59:00Z");

    assertThat(readOne(later).getFindingId()).isEqualTo(readOne(json(COMPLIANT)).getFindingId());
  }

  @Test
  void a_resource_out_of_the_rules_scope_is_inactive() {
    JsonNode event = json(NON_COMPLIANT);
    newResult(event).put("complianceType", "NOT_APPLICABLE");

    Finding finding = readOne(event);

    assertThat(finding.getActive()).isFalse();
    assertThat(finding.getCompliance()).isEqualTo(ComplianceStatus.NOT_AVAILABLE);
  }

  @Test
  void a_rule_no_managed_rule_resembles_maps_to_no_control() {
    JsonNode event = json(NON_COMPLIANT);
    detail(event).put("configRuleName", "acme-tagging-policy");

    assertThat(readOne(event).getControl()).isNull();
  }

  @Test
  void an_id_that_is_already_an_arn_is_kept() {
    JsonNode event = json(COMPLIANT);
    detail(event).put("resourceType", "AWS::SNS::Topic")
        .put("resourceId", "arn:aws:sns:us-east-1:111122223333:alerts");

    Finding finding = readOne(event);

    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:sns:us-east-1:111122223333:alerts");
    assertThat(finding.getResource().getType()).isEqualTo("AwsSnsTopic");
  }

  @Test
  void an_account_level_rule_names_the_account() {
    JsonNode event = json(COMPLIANT);
    detail(event).put("configRuleName", "iam-password-policy").put("resourceType", "AWS::::Account")
        .put("resourceId", "111122223333");

    Finding finding = readOne(event);

    assertThat(finding.getControl()).isEqualTo("IAM.7");
    assertThat(finding.getResource().getType()).isEqualTo("AwsAccount");
    assertThat(finding.getResource().getId()).isEqualTo("AWS::::Account:111122223333");
  }

  @Test
  void an_unknown_compliance_type_is_rejected() {
    JsonNode event = json(NON_COMPLIANT);
    newResult(event).put("complianceType", "MOSTLY_FINE");

    assertThat(rejection(event)).startsWith("the event's detail has newEvaluationResult.complianceType"
        + " 'MOSTLY_FINE', not one of").contains("NON_COMPLIANT");
  }

  @Test
  void an_event_without_a_resource_id_is_rejected_naming_the_field() {
    JsonNode event = json(NON_COMPLIANT);
    detail(event).remove("resourceId");

    assertThat(rejection(event)).isEqualTo("the event's detail has no resourceId");
  }

  @Test
  void an_account_id_of_the_wrong_type_is_rejected() {
    JsonNode event = json(NON_COMPLIANT);
    detail(event).put("awsAccountId", 111122223333L);

    assertThat(rejection(event)).isEqualTo("the event's detail: awsAccountId is a number, expected a string");
  }

  @Test
  void a_security_group_id_that_is_not_one_is_rejected_before_it_becomes_an_arn() {
    JsonNode event = json(NON_COMPLIANT);
    detail(event).put("resourceId", "sg-../../etc");

    assertThat(rejection(event)).startsWith("the event's detail has resourceId 'arn:aws:ec2:us-east-1:111122223333:"
        + "security-group/sg-../../etc'");
  }

  @Test
  void a_queue_url_in_the_events_region_and_account_becomes_the_queues_arn() {
    JsonNode event = json(NON_COMPLIANT);
    detail(event).put("resourceType", "AWS::SQS::Queue")
        .put("resourceId", "https://sqs.us-east-1.amazonaws.com/111122223333/orders");

    assertThat(readOne(event).getResource().getId()).isEqualTo("arn:aws:sqs:us-east-1:111122223333:orders");
  }

  @Test
  void a_queue_url_of_another_account_or_region_is_rejected_not_read_as_a_same_named_queue_here() {
    JsonNode otherAccount = json(NON_COMPLIANT);
    detail(otherAccount).put("resourceType", "AWS::SQS::Queue")
        .put("resourceId", "https://sqs.us-east-1.amazonaws.com/999999999999/orders");
    JsonNode otherRegion = json(NON_COMPLIANT);
    detail(otherRegion).put("resourceType", "AWS::SQS::Queue")
        .put("resourceId", "https://sqs.eu-west-1.amazonaws.com/111122223333/orders");

    assertThat(rejection(otherAccount)).startsWith("the event's detail has resourceId "
        + "'https://sqs.us-east-1.amazonaws.com/999999999999/orders'").contains("not an ARN");
    assertThat(rejection(otherRegion)).startsWith("the event's detail has resourceId "
        + "'https://sqs.eu-west-1.amazonaws.com/111122223333/orders'").contains("not an ARN");
  }

  @Test
  void a_db_instance_named_by_its_dbi_resource_id_is_kept_as_given() {
    JsonNode event = json(NON_COMPLIANT);
    detail(event).put("resourceType", "AWS::RDS::DBInstance").put("resourceId", "db-ABCDEFGHIJKLMNOPQRSTUVWXY2");

    assertThat(readOne(event).getResource().getId()).isEqualTo("db-ABCDEFGHIJKLMNOPQRSTUVWXY2");
  }

  @Test
  void an_account_level_rule_naming_another_account_is_rejected() {
    JsonNode event = json(COMPLIANT);
    detail(event).put("configRuleName", "iam-password-policy").put("resourceType", "AWS::::Account")
        .put("resourceId", "999999999999");

    assertThat(rejection(event)).contains("not the finding's account 111122223333");
  }
}
