package io.redress.audit;

import io.redress.kafka.Topics;
import java.util.List;
import java.util.Properties;

/** Reads what an audit report covers and joins it. */
public final class AuditReport {

  private AuditReport() {
  }

  /**
   * Decisions, commands and breaker changes stamped within the range; the results of those commands, however late
   * they came; and the whole history of the exceptions up to the range's end, so a cited exception is found even
   * when it was written long before.
   */
  public static AuditTrail read(Properties clientProperties, TimeRange range, AuditReader.Progress progress) {
    AuditTrail trail = new AuditTrail();
    try (AuditReader reader = new AuditReader(clientProperties)) {
      reader.read(List.of(
          new AuditReader.Selection(Topics.DECISIONS, range),
          new AuditReader.Selection(Topics.REMEDIATIONS, range),
          new AuditReader.Selection(Topics.REMEDIATIONS_HELD, range),
          new AuditReader.Selection(Topics.BREAKER, range),
          new AuditReader.Selection(Topics.REMEDIATION_RESULTS, range.untilNow()),
          new AuditReader.Selection(Topics.EXCEPTIONS, range.fromTheStart())), trail::add, progress);
    }
    return trail;
  }
}
