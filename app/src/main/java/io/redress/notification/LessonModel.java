package io.redress.notification;

import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationResult;
import io.redress.notification.Recipients.Recipient;
import io.redress.remediation.ActionOutcome;

/**
 * Everything a lesson template may use, and nothing else: templates never reach into the Avro records, so a schema
 * change shows up here, at compile time. Finding-supplied text is passed through {@link Shown}; each form escapes
 * it for its own markup. Components may be null where the contract allows it ({@code control}, {@code description},
 * {@code action}, {@code resultMessage}, the snippets); templates test them with {@code ??}.
 *
 * @param status what happened, which the templates switch on: a result's status ({@code APPLIED},
 *     {@code ALREADY_COMPLIANT}, {@code FAILED}, {@code EXCEPTED}, {@code DRY_RUN}) once the executor reported one,
 *     else the decision's outcome ({@code NOTIFY_ONLY}, {@code HELD}, or {@code REMEDIATE}/{@code DRY_RUN} for a
 *     lesson sent before its result), {@code AWAITING_APPROVAL} for a command held for a person's approval rather
 *     than by the breaker, {@code DRY_RUN_FAILED} for a dry run that found the change could not be made
 * @param mode the control's configured mode, e.g. {@code NOTIFY_ONLY}
 * @param addressedToCreator false when the lesson goes to the security contact because the creator is unknown
 * @param creatorFoundBy how the creator was found, as a phrase ("the finding names who made the change")
 * @param passedOverAddress for the security contact, a creator's address outside the recipient domains, which chose
 *     the security contact instead; null when none was passed over
 * @param passedOverFoundBy how that creator was found, as a phrase
 * @param content the template holding the control's own words ({@code fixed}, {@code why}, ...)
 */
public record LessonModel(
    String title,
    String control,
    String severity,
    String description,
    String resourceType,
    String resourceId,
    String account,
    String region,
    String status,
    String mode,
    String action,
    String reason,
    String resultMessage,
    boolean addressedToCreator,
    String creatorFoundBy,
    String passedOverAddress,
    String passedOverFoundBy,
    String content,
    Lessons.Snippets snippets) {

  static LessonModel of(Decision decision, RemediationResult result, Recipient recipient, Lessons.Lesson lesson) {
    Finding finding = decision.getFinding();
    return new LessonModel(
        Shown.text(finding.getTitle()),
        Shown.text(finding.getControl()),
        finding.getSeverity().name(),
        Shown.text(finding.getDescription(), Shown.LONG),
        Shown.text(finding.getResource().getType()),
        Shown.text(finding.getResource().getId()),
        Shown.text(finding.getResource().getAccount()),
        Shown.text(finding.getResource().getRegion()),
        status(decision, result),
        decision.getMode() == null ? null : decision.getMode().name(),
        Shown.text(decision.getAction()),
        Shown.text(decision.getReason(), Shown.LONG),
        result == null ? null : Shown.text(failedInDryRun(result)
            ? result.getMessage().substring(ActionOutcome.DRY_RUN.length()) : result.getMessage(), Shown.LONG),
        recipient.isCreator(),
        recipient.foundBy(),
        recipient.passedOver() == null ? null : Shown.text(recipient.passedOver().address()),
        recipient.passedOver() == null ? null : Shown.text(recipient.passedOver().foundBy()),
        lesson.content(),
        lesson.snippets());
  }

  private static boolean failedInDryRun(RemediationResult result) {
    return ActionOutcome.failedInDryRun(result.getStatus(), result.getMessage());
  }

  /** A command held for approval waits for a person's yes, not for a breaker to be released: the lesson says so. */
  private static String status(Decision decision, RemediationResult result) {
    if (result != null && failedInDryRun(result)) {
      return "DRY_RUN_FAILED";
    }
    if (result != null) {
      return result.getStatus().name();
    }
    if (decision.getOutcome() == Outcome.HELD && decision.getApproval() != null) {
      return "AWAITING_APPROVAL";
    }
    return decision.getOutcome().name();
  }
}
