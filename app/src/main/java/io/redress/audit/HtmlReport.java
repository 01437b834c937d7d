package io.redress.audit;

import static io.redress.audit.AuditText.html;

import io.redress.contract.BreakerState;
import io.redress.contract.ExceptionRecord;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report as one self-contained HTML page: inline style and SVG charts, no script at all, and a content
 * security policy that forbids loading or running anything, so that text a finding smuggled past the escaping
 * (there should be none: every record text goes through {@link AuditText#html}) could still do nothing.
 */
final class HtmlReport {

  /** Rows of the decision table; the whole list is in the JSON lines and CSV formats. */
  static final int MAX_ROWS = 2000;
  private static final int MAX_BARS = 40;
  private static final List<String> REMEDIATION_SERIES = List.of("auto", "dry-run", "held");
  private static final List<Duration> FIX_BUCKETS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
      Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));
  private static final List<String> FIX_LABELS = List.of("under 1 min", "1 to 5 min", "5 min to 1 h", "1 h to 1 day",
      "1 to 7 days", "over 7 days");

  private HtmlReport() {
  }

  static void write(AuditTrail trail, AuditFigures figures, TimeRange range, Writer out) throws IOException {
    out.write("""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>Redress audit report</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;
        vertical-align:top;text-align:left;max-width:32em;overflow-wrap:anywhere}th{background:#f3f3f3}
        svg text{font:12px system-ui,sans-serif}.empty{color:#777}.warn{color:#a00}
        </style></head><body>
        <h1>Redress audit report</h1>
        """);
    out.write(summary(trail, figures, range));
    out.write(section("Remediations per control", chart("per control", figures.byControl(), false)));
    out.write(section("Remediations per account", chart("per account", figures.byAccount(), false)));
    out.write(section("Remediations per day (UTC)", chart("per day", figures.byDay(), true)));
    out.write(section("Time from finding to fix", timeToFix(figures)));
    out.write(section("Exceptions in force at " + figures.asOf(), exceptions(figures)));
    out.write(section("Breaker trips", breakerTrips(figures.breakerTrips())));
    out.write(section("Decisions", decisions(trail.entries())));
    out.write("</body></html>\n");
  }

  private static String summary(AuditTrail trail, AuditFigures figures, TimeRange range) {
    StringBuilder html = new StringBuilder("<p>Records stamped from <b>")
        .append(range.from().map(Object::toString).orElse("the start of each topic")).append("</b> to <b>")
        .append(range.to().map(Object::toString).orElse("the end committed when the report started"))
        .append("</b>: ").append(figures.decisions()).append(" decisions.</p>\n");
    html.append(table(List.of("outcome", "decisions"), figures.outcomes().entrySet().stream()
        .map(e -> List.of(e.getKey().name(), Integer.toString(e.getValue()))).toList()));
    html.append(table(List.of("executor result", "commands"), figures.results().entrySet().stream()
        .map(e -> List.of(e.getKey().name(), Integer.toString(e.getValue()))).toList()));
    if (!trail.unreadable().isEmpty()) {
      html.append("<p class=\"warn\">").append(trail.unreadable().size())
          .append(" record(s) could not be read:</p><ul>");
      trail.unreadable().forEach(line -> html.append("<li>").append(html(line)).append("</li>"));
      html.append("</ul>\n");
    }
    return html.toString();
  }

  private static String chart(String title, Map<String, AuditFigures.Remediations> counts, boolean latestFirst) {
    List<Map.Entry<String, AuditFigures.Remediations>> shown = new ArrayList<>(counts.entrySet());
    String note = "";
    if (shown.size() > MAX_BARS) {
      note = "<p>The " + MAX_BARS + (latestFirst ? " latest" : " largest") + " of " + shown.size() + ".</p>\n";
      shown.sort(latestFirst ? Map.Entry.<String, AuditFigures.Remediations>comparingByKey().reversed()
          : Comparator.comparingInt((Map.Entry<String, AuditFigures.Remediations> e) -> e.getValue().total())
              .reversed());
      shown = new ArrayList<>(shown.subList(0, MAX_BARS));
      shown.sort(Map.Entry.comparingByKey());
    }
    return note + SvgChart.bars("remediations " + title, REMEDIATION_SERIES, shown.stream()
        .map(e -> new SvgChart.Bar(e.getKey(), List.of(e.getValue().auto(), e.getValue().dryRun(),
            e.getValue().held())))
        .toList());
  }

  private static String timeToFix(AuditFigures figures) {
    if (figures.timesToFix().isEmpty()) {
      return "<p class=\"empty\">No fix was applied.</p>\n";
    }
    int[] buckets = new int[FIX_LABELS.size()];
    for (Duration time : figures.timesToFix()) {
      int bucket = 0;
      while (bucket < FIX_BUCKETS.size() && time.compareTo(FIX_BUCKETS.get(bucket)) >= 0) {
        bucket++;
      }
      buckets[bucket]++;
    }
    List<SvgChart.Bar> bars = new ArrayList<>();
    for (int i = 0; i < buckets.length; i++) {
      bars.add(new SvgChart.Bar(FIX_LABELS.get(i), List.of(buckets[i])));
    }
    return "<p>" + figures.timesToFix().size() + " fixes applied, from the finding's arrival to the executor's"
        + " result: median " + figures.timeToFix(0.5) + ", 90th percentile " + figures.timeToFix(0.9)
        + ", longest " + figures.timeToFix(1.0) + ".</p>\n"
        + SvgChart.bars("time from finding to fix", List.of("fixes"), bars);
  }

  private static String exceptions(AuditFigures figures) {
    Map<String, AuditFigures.InForce> inForce = figures.exceptionsInForce();
    String chart = SvgChart.bars("decisions excepted per exception", List.of("decisions excepted"),
        inForce.entrySet().stream()
            .map(e -> new SvgChart.Bar(e.getKey(), List.of(e.getValue().decisionsExcepted()))).toList());
    return chart + table(List.of("scope", "reason", "approver", "created by", "expires", "ticket", "decisions excepted"),
        inForce.entrySet().stream().map(e -> {
          ExceptionRecord exception = e.getValue().exception();
          return List.of(e.getKey(), exception.getReason(), exception.getApprover(), exception.getCreatedBy(),
              exception.getExpiresAt().toString(), String.valueOf(exception.getTicket()),
              Integer.toString(e.getValue().decisionsExcepted()));
        }).toList());
  }

  private static String breakerTrips(List<BreakerState> trips) {
    Map<String, Integer> perScope = new TreeMap<>();
    trips.forEach(trip -> perScope.merge(trip.getScope(), 1, Integer::sum));
    String chart = SvgChart.bars("breaker trips per scope", List.of("trips"), perScope.entrySet().stream()
        .map(e -> new SvgChart.Bar(e.getKey(), List.of(e.getValue()))).toList());
    return chart + table(List.of("opened at", "scope", "count", "threshold", "opened by", "reopens at", "reason"),
        trips.stream().map(trip -> List.of(String.valueOf(trip.getOpenedAt()), trip.getScope(),
            Integer.toString(trip.getCount()), Integer.toString(trip.getThreshold()), String.valueOf(trip.getOpenedBy()),
            String.valueOf(trip.getReopensAt()), trip.getReason())).toList());
  }

  private static String decisions(List<AuditEntry> entries) {
    String note = entries.size() > MAX_ROWS
        ? "<p>The first " + MAX_ROWS + " of " + entries.size() + " decisions; every one is in --format jsonl or csv.</p>\n"
        : "";
    List<String> header = AuditColumns.ALL.stream().map(AuditColumns.Column::name).toList();
    return note + table(header, entries.stream().limit(MAX_ROWS)
        .map(entry -> AuditColumns.ALL.stream().map(column -> column.value().apply(entry)).toList()).toList());
  }

  private static String section(String title, String body) {
    return "<h2>" + html(title) + "</h2>\n" + body;
  }

  private static String table(List<String> header, List<List<String>> rows) {
    if (rows.isEmpty()) {
      return "<p class=\"empty\">None.</p>\n";
    }
    StringBuilder html = new StringBuilder("<table><tr>");
    header.forEach(name -> html.append("<th>").append(html(name)).append("</th>"));
    html.append("</tr>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      row.forEach(cell -> html.append("<td>").append(cell == null ? "" : html(cell)).append("</td>"));
      html.append("</tr>\n");
    }
    return html.append("</table>\n").toString();
  }
}
