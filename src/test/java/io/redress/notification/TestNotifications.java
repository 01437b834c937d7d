package io.redress.notification;

import io.redress.config.RedressConfig.NotificationSettings;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Mode;
import io.redress.contract.Notification;
import io.redress.contract.NotificationKind;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import java.time.Instant;

/** Notifications as the topology raises them, for the notifier's tests. */
final class TestNotifications {

  static final String SECURITY_CONTACT = "security@example.com";
  static final String ACCOUNT = "111122223333";
  static final String BUCKET = "arn:aws:s3:::team-reports";
  static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  static final Instant NOW = Instant.parse("2025-03-14T09:26:53Z");

  private TestNotifications() {
  }

  /** The packaged templates; creators found from the finding's actor and tags, mailed at example.com. */
  static NotificationRenderer renderer() {
    return new NotificationRenderer(new NotificationSettings(SECURITY_CONTACT, null, null, null,
        java.util.Optional.of("example.com")));
  }

  static Finding.Builder finding(String control) {
    return Finding.newBuilder()
        .setFindingId("arn:aws:securityhub:eu-west-1:111122223333:finding/" + control)
        .setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub")
        .setRuleId("security-control/" + control)
        .setControl(control)
        .setTitle("S3 general purpose buckets should block public access")
        .setSeverity(Severity.HIGH)
        .setCompliance(ComplianceStatus.FAILED)
        .setActive(true)
        .setResource(Resource.newBuilder()
            .setType("AwsS3Bucket")
            .setId(BUCKET)
            .setAccount(ACCOUNT)
            .setRegion("eu-west-1")
            .build())
        .setActor(ALICE)
        .setObservedAt(NOW)
        .setReceivedAt(NOW);
  }

  static Notification lesson(Finding finding, Outcome outcome) {
    return lesson(finding, outcome, "s3-block-public-access");
  }

  static Notification lesson(Finding finding, Outcome outcome, String action) {
    Decision decision = Decision.newBuilder()
        .setDecisionId("decision-" + finding.getControl())
        .setFinding(finding)
        .setOutcome(outcome)
        .setMode(switch (outcome) {
          case DRY_RUN -> Mode.DRY_RUN;
          case NOTIFY_ONLY -> Mode.NOTIFY_ONLY;
          default -> Mode.AUTO;
        })
        .setReason("control " + finding.getControl() + " is handled by policy")
        .setAction(action)
        .setDecidedAt(NOW)
        .build();
    return Notification.newBuilder()
        .setNotificationId("lesson-" + finding.getControl() + "-" + outcome)
        .setKind(NotificationKind.LESSON)
        .setDecision(decision)
        .setCreatedAt(NOW)
        .build();
  }

  static Notification lesson(String control, Outcome outcome) {
    return lesson(finding(control).build(), outcome);
  }

  /** The lesson sent once the executor reported {@code status} for the decision's command. */
  static Notification lessonAfter(String control, RemediationStatus status, String message) {
    Notification notification = lesson(finding(control).build(),
        status == RemediationStatus.DRY_RUN ? Outcome.DRY_RUN : Outcome.REMEDIATE);
    Finding finding = notification.getDecision().getFinding();
    notification.setRemediationResult(RemediationResult.newBuilder()
        .setCommandId("command-" + control).setControl(control).setAction("s3-block-public-access")
        .setResource(finding.getResource()).setStatus(status).setMessage(message).setExecutedAt(NOW)
        .build());
    return notification;
  }

  static Notification breakerTripped(String scope, int count, int threshold) {
    return Notification.newBuilder()
        .setNotificationId("breaker-" + scope)
        .setKind(NotificationKind.BREAKER_TRIPPED)
        .setBreaker(BreakerState.newBuilder()
            .setScope(scope)
            .setStatus(BreakerStatus.OPEN)
            .setCount(count)
            .setThreshold(threshold)
            .setWindowMillis(600_000)
            .setOpenedAt(NOW)
            .setOpenedBy("command-51")
            .setReopensAt(NOW.plusSeconds(3600))
            .setReason(count + " commands in 10 minutes exceed the " + scope + " threshold")
            .setUpdatedAt(NOW)
            .build())
        .setCreatedAt(NOW)
        .build();
  }
}
