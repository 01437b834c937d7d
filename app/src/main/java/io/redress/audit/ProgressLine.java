package io.redress.audit;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Shows how far a replay is on stderr, so a long replay is seen to move and stdout stays the report alone: on a
 * terminal, one line rewritten at most once a second; elsewhere (a log, a pipe, a CI job), where a rewritten line
 * would pile up as one long line of carriage returns, a whole line at most every ten seconds, and the last.
 */
public final class ProgressLine implements AuditReader.Progress {

  private static final long TERMINAL_EVERY_MILLIS = 1_000;
  private static final long LOG_EVERY_MILLIS = 10_000;

  private final String what;
  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier millis;
  private Long shownAt;

  /** @param terminal whether {@code err} is a terminal ({@code System.console() != null}) */
  public ProgressLine(String what, PrintStream err, boolean terminal) {
    this(what, err, terminal, System::currentTimeMillis);
  }

  ProgressLine(String what, PrintStream err, boolean terminal, LongSupplier millis) {
    this.what = what;
    this.err = err;
    this.terminal = terminal;
    this.millis = millis;
  }

  @Override
  public void read(long records, long total) {
    long now = millis.getAsLong();
    boolean done = records >= total;
    if (done || shownAt == null || now - shownAt >= (terminal ? TERMINAL_EVERY_MILLIS : LOG_EVERY_MILLIS)) {
      shownAt = now;
      long percent = total == 0 ? 100 : records * 100 / total;
      String line = String.format("%s: read %,d of %,d records (%d%%)", what, records, total, percent);
      err.print(terminal ? "\r" + line + (done ? "\n" : "") : line + "\n");
      err.flush();
    }
  }
}
