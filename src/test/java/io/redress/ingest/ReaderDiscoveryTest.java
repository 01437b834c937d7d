package io.redress.ingest;

import static io.redress.ingest.SourceFixtures.json;
import static io.redress.ingest.SourceFixtures.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.FindingSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seam: one reader per format, discovered, each record claimed by exactly one. */
class ReaderDiscoveryTest {

  /** The 28 control ids the remediation catalogue covers. */
  static final Set<String> CATALOGUE = Set.of("S3.1", "S3.2", "S3.3", "S3.4", "S3.5", "S3.6", "S3.8", "S3.14",
      "EC2.1", "EC2.2", "EC2.7", "EC2.8", "EC2.13", "EC2.14", "EC2.18", "EC2.19", "RDS.1", "RDS.2", "IAM.3", "IAM.7",
      "IAM.8", "KMS.4", "CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "Lambda.1", "SNS.1", "SQS.1");

  @Test
  void every_format_is_read_by_a_discovered_reader() {
    assertThat(FindingNormalizer.discoverReaders()).extracting(reader -> reader.getClass().getSimpleName())
        .containsExactlyInAnyOrder("ConfigComplianceReader", "GuardDutyReader", "ProwlerReader", "SecurityHubReader",
            "SecurityHubV2Reader", "WebhookReader");
  }

  @Test
  void every_fixture_is_claimed_by_exactly_one_reader() {
    List<String> fixtures = List.of("securityhub-custom-action.json", "securityhub-v2-findings-imported.json",
        "config-compliance-change-noncompliant.json", "guardduty-finding-access-key.json",
        "guardduty-asff-through-security-hub.json", "prowler-ocsf.json", "webhook-redress.json",
        "webhook-wiz-issue.json");
    for (String fixture : fixtures) {
      assertThat(FindingNormalizer.discoverReaders().stream().filter(reader -> reader.recognizes(json(fixture))))
          .as(fixture).hasSize(1);
    }
  }

  @Test
  void a_record_two_readers_claim_is_rejected_as_ambiguous_never_guessed() {
    FindingNormalizer twice = new FindingNormalizer(List.of(new SecurityHubReader(), new SecurityHubReader()),
        ControlMappings.bundled(), FindingNormalizer.DEFAULT_MAX_RECORD_BYTES);

    assertThat(Fixtures.rejected(twice.normalize(SourceFixtures.text("securityhub-custom-action.json"), 0L)))
        .startsWith("ambiguous record: it has the shape of several formats");
  }

  @Test
  void an_eventbridge_event_nobody_reads_is_rejected_listing_what_is_read() {
    ObjectNode event = (ObjectNode) json("guardduty-finding-access-key.json");
    event.put("detail-type", "EC2 Instance State-change Notification");

    assertThat(rejection(event)).startsWith("EventBridge event of detail-type 'EC2 Instance State-change Notification'"
        + " is not a format Redress reads; expected one of: ").contains("GuardDuty", "AWS Config", "Prowler");
  }

  @Test
  void every_catalogued_control_is_mapped_from_prowler_and_from_aws_config() {
    ControlMappings bundled = ControlMappings.bundled();

    assertThat(bundled.controls(FindingSource.PROWLER)).containsAll(CATALOGUE);
    assertThat(bundled.controls(FindingSource.AWS_CONFIG)).containsAll(CATALOGUE);
  }

  @Test
  void guardduty_types_map_only_to_catalogued_controls() {
    assertThat(ControlMappings.bundled().controls(FindingSource.GUARDDUTY)).isNotEmpty().isSubsetOf(CATALOGUE);
  }
}
