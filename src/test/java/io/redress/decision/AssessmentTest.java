package io.redress.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.RedressConfig.PolicySettings;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.FindingSource;
import io.redress.contract.Mode;
import io.redress.contract.Outcome;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a finding's assessment starts: threats, resolutions and explicit requests. */
class AssessmentTest {

  private static Finding.Builder finding() {
    return Finding.newBuilder()
        .setFindingId("f-1").setSource(FindingSource.SECURITY_HUB).setProduct("Security Hub")
        .setRuleId("security-control/S3.8").setControl("S3.8").setTitle("t").setSeverity(Severity.HIGH)
        .setCompliance(ComplianceStatus.FAILED).setActive(true)
        .setResource(Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::b").setAccount("111122223333")
            .setRegion("us-east-1").setTags(Map.of()).build())
        .setObservedAt(Instant.EPOCH).setReceivedAt(Instant.EPOCH);
  }

  private static Finding.Builder threat() {
    return finding().setSource(FindingSource.GUARDDUTY).setKind(FindingKind.THREAT).setControl(null)
        .setRuleId("UnauthorizedAccess:IAMUser/MaliciousIPCaller").setCompliance(ComplianceStatus.NOT_AVAILABLE);
  }

  @Test
  void a_threat_without_a_mapped_response_alerts_a_person_and_is_never_nothing_to_fix() {
    Assessment assessment = Assessment.of(threat().build(), 0);

    assertThat(assessment.verdict()).hasValueSatisfying(verdict -> {
      assertThat(verdict.outcome()).isEqualTo(Outcome.NOTIFY_ONLY);
      assertThat(verdict.reason()).isEqualTo("threat finding 'UnauthorizedAccess:IAMUser/MaliciousIPCaller' has no"
          + " safe automatic response mapped: the security contact is alerted and nothing is changed");
    });
  }

  @Test
  void a_threat_with_a_mapped_response_goes_on_through_exceptions_cooldown_policy_and_breaker() {
    assertThat(Assessment.of(threat().setControl("S3.8").build(), 0).settled()).isFalse();
  }

  @Test
  void an_archived_threat_is_not_actionable() {
    assertThat(Assessment.of(threat().setActive(false).build(), 0).verdict())
        .hasValueSatisfying(verdict -> assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_ACTIONABLE));
  }

  @Test
  void a_threat_its_source_reports_passed_is_not_actionable_even_with_a_mapped_response() {
    Assessment passed = Assessment.of(threat().setControl("S3.8").setCompliance(ComplianceStatus.PASSED).build(), 0);

    assertThat(passed.verdict()).hasValueSatisfying(verdict -> {
      assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_ACTIONABLE);
      assertThat(verdict.reason()).isEqualTo("the source reports this threat finding PASSED: nothing to respond to");
    });
    assertThat(passed.resolves()).isFalse();
    assertThat(Assessment.of(threat().setControl("S3.8").setCompliance(ComplianceStatus.FAILED).build(), 0)
        .settled()).isFalse();
  }

  @Test
  void a_passing_misconfiguration_finding_resolves_its_control_and_a_failing_one_does_not() {
    assertThat(Assessment.of(finding().setCompliance(ComplianceStatus.PASSED).build(), 0).resolves()).isTrue();
    assertThat(Assessment.of(finding().build(), 0).resolves()).isFalse();
    assertThat(Assessment.of(finding().setCompliance(ComplianceStatus.PASSED).setControl(null).build(), 0)
        .resolves()).isFalse();
  }

  @Test
  void a_custom_action_is_a_request_and_an_import_is_not() {
    assertThat(Assessment.of(finding().setRequest("Remediate").build(), 0).requested()).isTrue();
    assertThat(Assessment.of(finding().build(), 0).requested()).isFalse();
  }

  @Test
  void a_request_does_not_change_the_controls_mode() {
    Policy policy = new Policy(new PolicySettings(Mode.DRY_RUN, Map.of()),
        control -> Optional.of(new Remedy("s3-block-public-access", "blocks public access")));

    Assessment decided = policy.decide(Assessment.of(finding().setRequest("Remediate").build(), 0));

    assertThat(decided.verdict()).hasValueSatisfying(verdict -> {
      assertThat(verdict.outcome()).isEqualTo(Outcome.DRY_RUN);
      assertThat(verdict.reason()).contains("requested through the custom action 'Remediate', which does not change"
          + " the mode");
    });
  }
}
