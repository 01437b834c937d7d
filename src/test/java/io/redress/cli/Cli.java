package io.redress.cli;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

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

  /**
   * As {@link #redress} but with standard output as the launcher has it: the buffered writer picocli makes over
   * {@code System.out} (flushed by println only), read when the command returns, as {@code System.exit} ends the
   * process then; what the command left unflushed is lost.
   */
  static Run launched(String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    picocli.CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8)), true));
    commandLine.setErr(new PrintWriter(err, true));
    int status = commandLine.execute(args);
    return new Run(status, stdout.toString(StandardCharsets.UTF_8), err.toString());
  }
}
