package io.redress.audit;

import io.redress.config.Topics;
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
  public static AuditTrail read(Properties clientProperties, Topics topics, TimeRange range,
      AuditReader.Progress progress) {
    AuditTrail trail = new AuditTrail(topics);
    try (AuditReader reader = new AuditReader(clientProperties)) {
      reader.read(List.of(
          new AuditReader.Selection(topics.decisions(), range),
          new AuditReader.Selection(topics.remediations(), range),
          new AuditReader.Selection(topics.remediationsHeld(), range),
          new AuditReader.Selection(topics.breaker(), range),
          new AuditReader.Selection(topics.remediationResults(), range.untilNow()),
          new AuditReader.Selection(topics.exceptions(), range.fromTheStart())), trail::add, progress);
    }
    return trail;
  }
}
