package io.redress.http.console;

import io.redress.contract.AppliedException;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resource;
import io.redress.contract.Scope;
import io.redress.contract.Severity;
import java.time.Instant;

/** Records as the topology, the breaker and people's commands write them, for the console's tests. */
final class ConsoleRecords {

  static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");
  /** Markup, both quotes and FreeMarker syntax: what a hostile resource id, principal or reason may hold. */
  static final String HOSTILE = "<script>alert(1)</script>\"'${7*7}<#assign x=1>";

  private ConsoleRecords() {
  }

  static Resource bucket(String account, String id) {
    return Resource.newBuilder().setType("AwsS3Bucket").setId(id).setAccount(account).setRegion("us-east-1").build();
  }

  static RemediationCommand held(String commandId, String heldBy, Resource resource) {
    return RemediationCommand.newBuilder().setCommandId(commandId).setDecisionId("decision-" + commandId)
        .setFindingId("finding-" + commandId).setControl("S3.8").setAction("s3-block-public-access")
        .setResource(resource).setDryRun(false).setIssuedAt(NOW).setHeldBy(heldBy).build();
  }

  static BreakerState open(String scope) {
    return BreakerState.newBuilder().setScope(scope).setStatus(BreakerStatus.OPEN).setCount(21).setThreshold(20)
        .setWindowMillis(600_000).setOpenedAt(NOW).setOpenedBy("command-1").setReopensAt(NOW.plusSeconds(3600))
        .setReason("21 commands in 10 minutes").setUpdatedAt(NOW).build();
  }

  static ExceptionRecord exception(String resource, String reason, String approver, Instant expires) {
    return ExceptionRecord.newBuilder()
        .setScope(Scope.newBuilder().setControl("S3.8").setResource(resource).build())
        .setReason(reason).setApprover(approver).setCreatedBy("alice").setCreatedAt(NOW).setExpiresAt(expires)
        .build();
  }

  static Decision decision(String control, String account, Outcome outcome, String resourceId, String reason) {
    Finding finding = Finding.newBuilder().setFindingId("finding-" + resourceId).setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub").setRuleId("security-control/" + control).setControl(control)
        .setTitle("a finding").setSeverity(Severity.HIGH).setCompliance(ComplianceStatus.FAILED).setActive(true)
        .setResource(bucket(account, resourceId)).setObservedAt(NOW).setReceivedAt(NOW).build();
    return Decision.newBuilder().setDecisionId("decision-" + resourceId).setFinding(finding).setOutcome(outcome)
        .setReason(reason).setDecidedAt(NOW)
        .setException(outcome == Outcome.EXCEPTED ? AppliedException.newBuilder().setScopeKey("control=S3.8;" + reason)
            .setReason(reason).setApprover("ciso").setExpiresAt(NOW.plusSeconds(86_400)).build() : null)
        .build();
  }
}
