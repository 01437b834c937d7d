package io.redress.ingest;

import static io.redress.ingest.Fixtures.RECEIVED_AT;
import static io.redress.ingest.Fixtures.accepted;
import static io.redress.ingest.Fixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.Severity;
import io.redress.ingest.SampleEvents.SampleEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleEventsTest {

  private final FindingNormalizer normalizer = FindingNormalizer.withBundledMappings();
  private final List<SampleEvent> samples = SampleEvents.load();

  @Test
  void the_index_lists_the_samples_in_demo_order() {
    assertThat(samples).extracting(SampleEvent::name).containsExactly(
        "01-s3.8-payments-exports-public.json",
        "02-s3.8-payments-exports-reimported.json",
        "03-s3.8-public-website-excepted.json",
        "04-ec2.19-security-group-notify-only.json",
        "05-malformed-truncated.json");
  }

  @Test
  void every_sample_but_the_malformed_one_carries_one_active_failed_finding() {
    for (SampleEvent sample : samples.subList(0, 4)) {
      assertThat(accepted(normalizer.normalize(sample.json(), RECEIVED_AT))).as(sample.name()).singleElement()
          .satisfies(finding -> {
            assertThat(finding.getCompliance()).isEqualTo(ComplianceStatus.FAILED);
            assertThat(finding.getActive()).isTrue();
            assertThat(finding.getResource().getAccount()).isEqualTo("111122223333");
            assertThat(finding.getResource().getRegion()).isEqualTo("us-east-1");
          });
    }
  }

  @Test
  void the_first_sample_is_a_high_s3_8_finding_on_the_payments_exports_bucket() {
    Finding finding = only(samples.get(0));

    assertThat(finding.getControl()).isEqualTo("S3.8");
    assertThat(finding.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:s3:::acme-payments-exports");
  }

  @Test
  void the_second_sample_reimports_the_same_finding_observed_later() {
    Finding first = only(samples.get(0));
    Finding reimported = only(samples.get(1));

    assertThat(reimported.getFindingId()).isEqualTo(first.getFindingId());
    assertThat(reimported.getResource()).isEqualTo(first.getResource());
    assertThat(reimported.getObservedAt()).isAfter(first.getObservedAt());
  }

  @Test
  void the_third_sample_is_an_s3_8_finding_on_the_public_website_bucket() {
    Finding finding = only(samples.get(2));

    assertThat(finding.getControl()).isEqualTo("S3.8");
    assertThat(finding.getResource().getId()).isEqualTo("arn:aws:s3:::acme-public-website");
  }

  @Test
  void the_fourth_sample_is_an_ec2_19_finding_on_a_security_group() {
    Finding finding = only(samples.get(3));

    assertThat(finding.getControl()).isEqualTo("EC2.19");
    assertThat(finding.getResource().getType()).isEqualTo("AwsEc2SecurityGroup");
    assertThat(finding.getResource().getId())
        .isEqualTo("arn:aws:ec2:us-east-1:111122223333:security-group/sg-0a1b2c3d4e5f67890");
  }

  @Test
  void the_malformed_sample_is_rejected_as_not_json() {
    assertThat(rejected(normalizer.normalize(samples.get(4).json(), RECEIVED_AT))).startsWith("not JSON: ");
  }

  private Finding only(SampleEvent sample) {
    List<Finding> findings = accepted(normalizer.normalize(sample.json(), RECEIVED_AT));
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }
}
