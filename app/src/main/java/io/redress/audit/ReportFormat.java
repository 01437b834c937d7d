package io.redress.audit;

import java.io.IOException;
import java.io.Writer;

/** How an audit report is written. */
public enum ReportFormat {
  /** One JSON object a line: every decision joined, every breaker change, every exception in force. */
  JSONL,
  /** One row a decision joined, for spreadsheets: cells that would read as formulas are neutralised. */
  CSV,
  /** One self-contained page with charts: no script, no external style sheet or image. */
  HTML;

  public void write(AuditTrail trail, AuditFigures figures, TimeRange range, Writer out) throws IOException {
    switch (this) {
      case JSONL -> JsonLinesReport.write(trail, figures, out);
      case CSV -> CsvReport.write(trail, out);
      case HTML -> HtmlReport.write(trail, figures, range, out);
    }
    out.flush();
  }
}
