package io.redress.notification;

import io.redress.config.RedressConfig.NotificationSettings;
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
import io.redress.remediation.ActionOutcome;
import java.time.Instant;
import java.util.List;

/**
 * A lesson for a sample finding, as its creator would receive it, so a security team can review each control's
 * lesson before enabling it ({@code redress notify preview}).
 */
public final class LessonPreview {

  /** What a previewed lesson reports: a result's status, or a lesson sent at decision time. */
  public enum Happened { APPLIED, ALREADY_COMPLIANT, FAILED, EXCEPTED, DRY_RUN, DRY_RUN_FAILED, NOTIFY_ONLY, HELD }

  private static final Instant SAMPLE_TIME = Instant.parse("2025-03-14T09:26:53Z");
  private static final String ACCOUNT = "111122223333";

  private final NotificationRenderer renderer;

  public LessonPreview(NotificationSettings settings) {
    this.renderer = new NotificationRenderer(settings);
  }

  /** The controls that have a lesson folder of their own. */
  public boolean hasLesson(String control) {
    return renderer.hasLessonFor(control);
  }

  public Message render(String control, Happened happened) {
    Finding finding = Finding.newBuilder()
        .setFindingId("arn:aws:securityhub:eu-west-1:" + ACCOUNT + ":finding/preview")
        .setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub")
        .setRuleId("security-control/" + control)
        .setControl(control)
        .setTitle("Sample finding for " + control)
        .setSeverity(Severity.HIGH)
        .setCompliance(ComplianceStatus.FAILED)
        .setActive(true)
        .setResource(Resource.newBuilder().setType("AwsResource").setId("sample-resource-for-" + control)
            .setAccount(ACCOUNT).setRegion("eu-west-1").build())
        .setActor("arn:aws:sts::" + ACCOUNT + ":assumed-role/developer/alice@example.com")
        .setObservedAt(SAMPLE_TIME)
        .setReceivedAt(SAMPLE_TIME)
        .build();
    Outcome outcome = switch (happened) {
      case NOTIFY_ONLY -> Outcome.NOTIFY_ONLY;
      case HELD -> Outcome.HELD;
      case DRY_RUN, DRY_RUN_FAILED -> Outcome.DRY_RUN;
      default -> Outcome.REMEDIATE;
    };
    Decision decision = Decision.newBuilder()
        .setDecisionId("preview").setFinding(finding).setOutcome(outcome)
        .setMode(outcome == Outcome.NOTIFY_ONLY ? Mode.NOTIFY_ONLY : outcome == Outcome.DRY_RUN ? Mode.DRY_RUN : Mode.AUTO)
        .setReason("sample").setCommandId("preview-command").setAction("sample-action")
        .setDecidedAt(SAMPLE_TIME).build();
    return renderer.render(Notification.newBuilder()
        .setNotificationId("preview-" + control)
        .setKind(NotificationKind.LESSON)
        .setDecision(decision)
        .setRemediationResult(result(finding, happened))
        .setCreatedAt(SAMPLE_TIME)
        .build());
  }

  private static RemediationResult result(Finding finding, Happened happened) {
    if (happened == Happened.NOTIFY_ONLY || happened == Happened.HELD) {
      return null;
    }
    return RemediationResult.newBuilder()
        .setCommandId("preview-command").setControl(finding.getControl()).setAction("sample-action")
        .setResource(finding.getResource())
        .setStatus(happened == Happened.DRY_RUN_FAILED ? RemediationStatus.FAILED
            : RemediationStatus.valueOf(happened.name()))
        .setMessage(switch (happened) {
          case FAILED -> "AccessDenied: the remediator role may not change this resource";
          case DRY_RUN_FAILED -> ActionOutcome.DRY_RUN + "the resource is not one Redress may change as it is: a"
              + " person must decide";
          default -> "sample result";
        })
        .setApiCalls(List.of())
        .setExecutedAt(SAMPLE_TIME)
        .build();
  }
}
