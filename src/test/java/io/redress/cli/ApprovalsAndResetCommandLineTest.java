package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The approvals commands and the breaker reset refuse bad input with status 2 and a message naming what is wrong,
 * before they connect to anything (no broker runs in these tests).
 */
class ApprovalsAndResetCommandLineTest {

  private final StringWriter err = new StringWriter();

  @TempDir
  Path dir;

  private int redress(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    String[] withDataDir = new String[args.length + 2];
    System.arraycopy(args, 0, withDataDir, 0, args.length);
    withDataDir[args.length] = "--data-dir";
    withDataDir[args.length + 1] = dir.resolve("data").toString();
    return commandLine.execute(withDataDir);
  }

  @Test
  void anApprovalNeedsToSayWhichCommands() {
    assertThat(redress("approvals", "approve")).isEqualTo(2);
    assertThat(err.toString()).contains("--control").contains("--command").contains("--all");
  }

  @Test
  void anApprovalCannotNameBothAControlAndACommand() {
    assertThat(redress("approvals", "deny", "--control", "S3.8", "--command", "c-1")).isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void anApprovalOfAControlNeedsTheCountOfCommandsTheOperatorSawPending() {
    assertThat(redress("approvals", "approve", "--control", "S3.8")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: expect: required with --control S3.8: the number of commands"
        + " ./redress approvals list showed pending there, so that none added since are approved unseen");
  }

  @Test
  void aDenialOfEveryPendingApprovalNeedsTheCountToo() {
    assertThat(redress("approvals", "deny", "--all")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: expect: required with --all");
  }

  @Test
  void anApprovalOfOneCommandTakesNoCount() {
    assertThat(redress("approvals", "approve", "--command", "c-1", "--expect", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: expect: goes with a decision on more than one command");
  }

  @Test
  void anApprovalOfSomethingThatIsNoControlIdIsRefused() {
    assertThat(redress("approvals", "approve", "--control", "S3")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: control: 'S3' is not a control id");
  }

  @Test
  void anApprovalOfAnEmptyCommandIdIsRefused() {
    assertThat(redress("approvals", "approve", "--command", " ")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: command: empty command id");
  }

  @Test
  void aResetOfSomethingThatIsNoBreakerScopeIsRefused() {
    assertThat(redress("breaker", "reset", "approval:S3.8", "--reason", "why")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: scope: 'approval:S3.8' is not a breaker scope");
  }

  @Test
  void aResetNeedsAReason() {
    assertThat(redress("breaker", "reset", "global")).isEqualTo(2);
    assertThat(err.toString()).contains("--reason");
  }

  @Test
  void aResetWithABlankReasonIsRefused() {
    assertThat(redress("breaker", "reset", "global", "--reason", "  ")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: reason: required");
  }

  @Test
  void aResetWithABlankNameIsRefused() {
    assertThat(redress("breaker", "reset", "global", "--reason", "fixed", "--by", " ")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: by: required");
  }
}
