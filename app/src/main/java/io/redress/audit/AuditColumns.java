package io.redress.audit;

import io.redress.contract.ExceptionRecord;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The fields of one joined decision, named once for every format that lists them (JSON lines, CSV, HTML). */
final class AuditColumns {

  record Column(String name, Function<AuditEntry, String> value) {
  }

  static final List<Column> ALL = List.of(
      new Column("decided_at", e -> time(e.decision().getDecidedAt())),
      new Column("decision_id", e -> e.decision().getDecisionId()),
      new Column("outcome", e -> e.decision().getOutcome().name()),
      new Column("mode", e -> e.decision().getMode() == null ? null : e.decision().getMode().name()),
      new Column("control", e -> e.decision().getFinding().getControl()),
      new Column("account", e -> e.decision().getFinding().getResource().getAccount()),
      new Column("region", e -> e.decision().getFinding().getResource().getRegion()),
      new Column("resource_type", e -> e.decision().getFinding().getResource().getType()),
      new Column("resource_id", e -> e.decision().getFinding().getResource().getId()),
      new Column("finding_id", e -> e.decision().getFinding().getFindingId()),
      new Column("finding_source", e -> e.decision().getFinding().getSource().name()),
      new Column("sender", e -> e.decision().getFinding().getSender()),
      new Column("observed_at", e -> time(e.decision().getFinding().getObservedAt())),
      new Column("reason", e -> e.decision().getReason()),
      new Column("exception_scope", e -> e.decision().getException() == null ? null
          : e.decision().getException().getScopeKey()),
      new Column("exception_approver", e -> e.decision().getException() == null ? null
          : e.decision().getException().getApprover()),
      new Column("exception_reason", e -> e.decision().getException() == null ? null
          : e.decision().getException().getReason()),
      new Column("exception_expires_at", e -> e.decision().getException() == null ? null
          : time(e.decision().getException().getExpiresAt())),
      new Column("exception_created_by", e -> exception(e, ExceptionRecord::getCreatedBy)),
      new Column("exception_ticket", e -> exception(e, ExceptionRecord::getTicket)),
      new Column("command_id", e -> e.decision().getCommandId()),
      new Column("action", e -> e.decision().getAction()),
      new Column("command", e -> e.command().map(AuditColumns::commandState).orElse(null)),
      new Column("held_by", e -> command(e, RemediationCommand::getHeldBy)),
      new Column("result", e -> result(e, r -> r.getStatus().name())),
      new Column("result_message", e -> result(e, RemediationResult::getMessage)),
      new Column("executed_at", e -> result(e, r -> time(r.getExecutedAt()))),
      new Column("principal", e -> result(e, RemediationResult::getPrincipal)),
      new Column("api_calls", e -> result(e, r -> String.join(" ", r.getApiCalls()))),
      new Column("position", AuditEntry::position),
      new Column("decision_hash", e -> e.decision().getRecordHash()),
      new Column("result_hash", e -> result(e, RemediationResult::getRecordHash)));

  private AuditColumns() {
  }

  /** Where the command went: to the executors (for real or as a plan), held by the breaker, or released by a person. */
  private static String commandState(RemediationCommand command) {
    return command.getReleasedBy() != null ? "released by " + command.getReleasedBy()
        : command.getHeldBy() != null ? "held" : command.getDryRun() ? "dry-run" : "admitted";
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String exception(AuditEntry entry, Function<ExceptionRecord, String> field) {
    return entry.exception().map(field).orElse(null);
  }

  private static String command(AuditEntry entry, Function<RemediationCommand, String> field) {
    return entry.command().map(field).orElse(null);
  }

  private static String result(AuditEntry entry, Function<RemediationResult, String> field) {
    return entry.result().map(field).orElse(null);
  }
}
