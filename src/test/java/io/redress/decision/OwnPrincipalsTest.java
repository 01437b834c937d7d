package io.redress.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Outcome;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnPrincipalsTest {

  private static final String ROLE = "arn:aws:iam::222233334444:role/ops/redress-remediator";
  private final OwnPrincipals own = new OwnPrincipals(List.of(ROLE));

  @Test
  void aSessionRedressNamedInItsOwnRoleIsRedress() {
    assertThat(own.recognise("arn:aws:sts::222233334444:assumed-role/redress-remediator/redress-command-3f2a"))
        .hasValueSatisfying(why -> assertThat(why).contains("redress-remediator/redress-command-3f2a"));
  }

  @Test
  void theConfiguredRoleItselfIsRedress() {
    assertThat(own.recognise(ROLE)).isPresent();
  }

  @Test
  void aSessionNamedLikeRedressInSomeoneElsesRoleIsNotRedress() {
    assertThat(own.recognise("arn:aws:sts::222233334444:assumed-role/developer/redress-command-3f2a")).isEmpty();
  }

  @Test
  void theSameRoleNameInAnotherAccountIsNotRedress() {
    assertThat(own.recognise("arn:aws:sts::999988887777:assumed-role/redress-remediator/redress-command-3f2a"))
        .isEmpty();
  }

  @Test
  void aPersonUsingRedresssRoleUnderAnotherSessionNameIsNotRedress() {
    assertThat(own.recognise("arn:aws:sts::222233334444:assumed-role/redress-remediator/alice")).isEmpty();
  }

  @Test
  void anUnknownOrUnparsableActorIsNotRedress() {
    assertThat(own.recognise(null)).isEmpty();
    assertThat(own.recognise("not an arn")).isEmpty();
    assertThat(OwnPrincipals.NONE.recognise(ROLE)).isEmpty();
  }

  @Test
  void aFindingRedressCausedNeverBecomesACommand() {
    Finding caused = finding("arn:aws:sts::222233334444:assumed-role/redress-remediator/redress-command-3f2a");

    Assessment assessment = Assessment.of(caused, 0L, own);

    assertThat(assessment.verdict()).hasValueSatisfying(verdict -> {
      assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_ACTIONABLE);
      assertThat(verdict.reason()).contains("Redress caused this finding", "loop");
    });
  }

  @Test
  void aFindingSomeoneElseCausedIsAssessedAsUsual() {
    assertThat(Assessment.of(finding("arn:aws:iam::222233334444:user/alice"), 0L, own).settled()).isFalse();
  }

  private static Finding finding(String actor) {
    return Finding.newBuilder()
        .setFindingId("finding-1")
        .setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub")
        .setRuleId("security-control/EC2.19")
        .setControl("EC2.19")
        .setTitle("EC2.19 check failed")
        .setSeverity(Severity.HIGH)
        .setCompliance(ComplianceStatus.FAILED)
        .setActive(true)
        .setActor(actor)
        .setResource(Resource.newBuilder().setType("AwsEc2SecurityGroup").setId("sg-0123456789abcdef0")
            .setAccount("222233334444").setRegion("us-east-1").setTags(Map.of()).build())
        .setObservedAt(Instant.parse("2025-01-01T00:00:00Z"))
        .setReceivedAt(Instant.parse("2025-01-01T00:00:00Z"))
        .build();
  }
}
