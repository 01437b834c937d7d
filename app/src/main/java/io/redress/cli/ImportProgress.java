package io.redress.cli;

import java.io.PrintWriter;

/**
 * How far the import of one file is, on stderr: a bar redrawn in place on a terminal; elsewhere (a log, a pipe) one
 * line per file when it is done, so the output stays readable.
 */
abstract class ImportProgress {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000;

  final PrintWriter err;
  final String file;
  final int total;
  int handled;

  private ImportProgress(PrintWriter err, String file, int total) {
    this.err = err;
    this.file = file;
    this.total = total;
  }

  static ImportProgress on(PrintWriter err, boolean terminal, String file, int total) {
    return terminal ? new Bar(err, file, total) : new Lines(err, file, total);
  }

  void advance(int handledNow) {
    handled = handledNow;
  }

  abstract void done();

  String counts() {
    return handled + "/" + total + (total == 1 ? " record" : " records");
  }

  private static final class Bar extends ImportProgress {
    private long drawnAt;

    Bar(PrintWriter err, String file, int total) {
      super(err, file, total);
    }

    @Override
    void advance(int handledNow) {
      super.advance(handledNow);
      long now = System.nanoTime();
      if (now - drawnAt >= REDRAW_NANOS) {
        drawnAt = now;
        draw();
      }
    }

    @Override
    void done() {
      draw();
      err.println();
      err.flush();
    }

    private void draw() {
      int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * handled / total);
      err.print("\r" + file + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + counts());
      err.flush();
    }
  }

  private static final class Lines extends ImportProgress {
    Lines(PrintWriter err, String file, int total) {
      super(err, file, total);
    }

    @Override
    void done() {
      err.println(file + ": " + counts());
      err.flush();
    }
  }
}
