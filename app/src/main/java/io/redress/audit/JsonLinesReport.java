package io.redress.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.BreakerState;
import io.redress.contract.ExceptionRecord;
import java.io.IOException;
import java.io.Writer;

/**
 * The report as JSON lines, each object with a {@code kind}: {@code decision} (a decision joined with its command,
 * result and exception, the fields of {@link AuditColumns}), {@code breaker} (every breaker change),
 * {@code exception-in-force} and {@code unreadable}. Values are kept exactly as recorded, since a program reading the
 * lines should see what the records hold; invisible characters are written as JSON escapes ({@link AuditText#json}),
 * so that the lines printed on a terminal cannot steer it.
 */
final class JsonLinesReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLinesReport() {
  }

  static void write(AuditTrail trail, AuditFigures figures, Writer out) throws IOException {
    for (AuditEntry entry : trail.entries()) {
      ObjectNode line = line("decision");
      AuditColumns.ALL.forEach(column -> line.put(column.name(), column.value().apply(entry)));
      write(line, out);
    }
    for (BreakerState state : trail.breakerChanges()) {
      write(line("breaker")
          .put("scope", state.getScope())
          .put("status", state.getStatus().name())
          .put("count", state.getCount())
          .put("threshold", state.getThreshold())
          .put("window_millis", state.getWindowMillis())
          .put("opened_at", AuditColumns.time(state.getOpenedAt()))
          .put("opened_by", state.getOpenedBy())
          .put("reopens_at", AuditColumns.time(state.getReopensAt()))
          .put("reason", state.getReason())
          .put("updated_at", AuditColumns.time(state.getUpdatedAt())), out);
    }
    for (var inForce : figures.exceptionsInForce().entrySet()) {
      ExceptionRecord exception = inForce.getValue().exception();
      write(line("exception-in-force")
          .put("scope", inForce.getKey())
          .put("as_of", figures.asOf().toString())
          .put("reason", exception.getReason())
          .put("approver", exception.getApprover())
          .put("created_by", exception.getCreatedBy())
          .put("created_at", AuditColumns.time(exception.getCreatedAt()))
          .put("expires_at", AuditColumns.time(exception.getExpiresAt()))
          .put("ticket", exception.getTicket())
          .put("decisions_excepted", inForce.getValue().decisionsExcepted()), out);
    }
    for (String unreadable : trail.unreadable()) {
      write(line("unreadable").put("record", unreadable), out);
    }
  }

  private static ObjectNode line(String kind) {
    return JSON.createObjectNode().put("kind", kind);
  }

  private static void write(ObjectNode line, Writer out) throws IOException {
    out.write(AuditText.json(JSON.writeValueAsString(line)));
    out.write('\n');
  }
}
