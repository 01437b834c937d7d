package io.redress.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.stream.Collectors;

/** The joined decisions as CSV (RFC 4180), one row each, every cell through {@link AuditText#csvCell}. */
final class CsvReport {

  private CsvReport() {
  }

  static void write(AuditTrail trail, Writer out) throws IOException {
    out.write(AuditColumns.ALL.stream().map(AuditColumns.Column::name).collect(Collectors.joining(",")));
    out.write("\r\n");
    for (AuditEntry entry : trail.entries()) {
      out.write(AuditColumns.ALL.stream()
          .map(column -> AuditText.csvCell(column.value().apply(entry)))
          .collect(Collectors.joining(",")));
      out.write("\r\n");
    }
  }
}
