package io.redress.audit;

import java.io.PrintStream;

/**
 * Shows how far a replay is, on one line of stderr rewritten at most once a second, so a long replay is seen to
 * move and stdout stays the report alone.
 */
public final class ProgressLine implements AuditReader.Progress {

  private static final long EVERY_MILLIS = 1_000;

  private final String what;
  private final PrintStream err;
  private long shownAt;

  public ProgressLine(String what, PrintStream err) {
    this.what = what;
    this.err = err;
  }

  @Override
  public void read(long records, long total) {
    long now = System.currentTimeMillis();
    boolean done = records >= total;
    if (done || now - shownAt >= EVERY_MILLIS) {
      shownAt = now;
      long percent = total == 0 ? 100 : records * 100 / total;
      err.printf("\r%s: read %,d of %,d records (%d%%)%s", what, records, total, percent, done ? "\n" : "");
      err.flush();
    }
  }
}
