package io.redress.notification;

import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.notification.Recipients.Recipient;

/**
 * Everything a lesson template may use, and nothing else: templates never reach into the Avro records, so a schema
 * change shows up here, at compile time. Components may be null where the contract allows it ({@code control},
 * {@code description}, {@code action}); templates test them with {@code ??}.
 *
 * @param outcome the decision's outcome name, e.g. {@code REMEDIATE}, which the templates switch on
 * @param addressedToCreator false when the lesson goes to the security contact because the creator is unknown
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
    String outcome,
    String mode,
    String action,
    String reason,
    boolean addressedToCreator) {

  static LessonModel of(Decision decision, Recipient recipient) {
    Finding finding = decision.getFinding();
    return new LessonModel(
        finding.getTitle(),
        finding.getControl(),
        finding.getSeverity().name(),
        finding.getDescription(),
        finding.getResource().getType(),
        finding.getResource().getId(),
        finding.getResource().getAccount(),
        finding.getResource().getRegion(),
        decision.getOutcome().name(),
        decision.getMode() == null ? null : decision.getMode().name(),
        decision.getAction(),
        decision.getReason(),
        recipient.isCreator());
  }
}
