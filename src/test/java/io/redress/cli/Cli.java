package io.redress.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process, as a person would type it, and keeps what it printed. */
final class Cli {

  record Run(int status, String out, String err) {
  }

  private Cli() {
  }

  static Run redress(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int status = commandLine.execute(args);
    return new Run(status, out.toString(), err.toString());
  }
}
