package io.redress.audit;

import java.util.List;

/**
 * Horizontal bar charts as inline SVG, so the report needs no script and no file besides itself. Labels come from
 * findings (control ids, accounts, exception scopes): each is escaped, and cut to fit with the whole text kept in a
 * tooltip.
 */
final class SvgChart {

  /** One bar: a label and one value per series, stacked left to right. */
  record Bar(String label, List<Integer> values) {
  }

  private static final String[] COLOURS = {"#c0392b", "#2e86c1", "#b7950b", "#7d3c98"};
  private static final int LABEL_WIDTH = 280;
  private static final int BAR_WIDTH = 420;
  private static final int ROW = 22;
  private static final int LEGEND = 24;
  private static final int LABEL_CHARS = 40;

  private SvgChart() {
  }

  static String bars(String title, List<String> series, List<Bar> bars) {
    if (bars.isEmpty()) {
      return "<p class=\"empty\">Nothing recorded.</p>\n";
    }
    int max = Math.max(1, bars.stream().mapToInt(SvgChart::total).max().orElse(1));
    int height = LEGEND + bars.size() * ROW + 4;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\">"
        + "<title>%s</title>%n", LABEL_WIDTH + BAR_WIDTH + 60, height, AuditText.html(title)));
    legend(svg, series);
    for (int row = 0; row < bars.size(); row++) {
      Bar bar = bars.get(row);
      int y = LEGEND + row * ROW;
      svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\"><title>%s</title>%s</text>",
          LABEL_WIDTH - 8, y + 15, AuditText.html(bar.label()), AuditText.html(bar.label(), LABEL_CHARS)));
      int x = LABEL_WIDTH;
      for (int s = 0; s < bar.values().size(); s++) {
        int value = bar.values().get(s);
        int width = (int) Math.round((double) value * BAR_WIDTH / max);
        if (value > 0) {
          svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                  + "<title>%s, %s: %d</title></rect>", x, y + 3, Math.max(width, 1), ROW - 6,
              COLOURS[s % COLOURS.length], AuditText.html(bar.label()), AuditText.html(series.get(s)), value));
        }
        x += width;
      }
      svg.append(String.format("<text x=\"%d\" y=\"%d\">%d</text>%n", x + 6, y + 15, total(bar)));
    }
    return svg.append("</svg>\n").toString();
  }

  private static void legend(StringBuilder svg, List<String> series) {
    int x = LABEL_WIDTH;
    for (int s = 0; s < series.size(); s++) {
      svg.append(String.format("<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"17\">%s</text>", x, COLOURS[s % COLOURS.length], x + 16, AuditText.html(series.get(s))));
      x += 24 + 8 * series.get(s).length();
    }
    svg.append('\n');
  }

  private static int total(Bar bar) {
    return bar.values().stream().mapToInt(Integer::intValue).sum();
  }
}
