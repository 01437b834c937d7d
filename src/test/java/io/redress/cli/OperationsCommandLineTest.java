package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The exceptions, breaker and dead-letters commands refuse bad input with status 2 and a message naming what is wrong, before
 * they connect to anything (no broker runs in these tests).
 */
class OperationsCommandLineTest {

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  @TempDir
  Path dir;

  private int redress(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(out, true));
    String[] withDataDir = new String[args.length + 2];
    System.arraycopy(args, 0, withDataDir, 0, args.length);
    withDataDir[args.length] = "--data-dir";
    withDataDir[args.length + 1] = dir.resolve("data").toString();
    return commandLine.execute(withDataDir);
  }

  private int add(String scope, String reason, String approver, String expires) {
    return redress("exceptions", "add", "--scope", scope, "--reason", reason, "--approver", approver,
        "--expires", expires);
  }

  @Test
  void aScopeNoFindingCouldMatchIsRefused() {
    assertThat(add("account=111122223333;resource=arn:aws:s3:::x", "why", "ciso", "30d")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: scope: no finding is ever matched by account+resource");
  }

  /** RDS keeps identifiers in lower case and findings are read so: this exception would protect nothing. */
  @Test
  void anRdsInstanceArnInUpperCaseIsRefusedNamingItInLowerCase() {
    assertThat(add("control=RDS.2;resource=arn:aws:rds:us-east-1:123456789012:db:PaymentsDB", "why", "ciso", "30d"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("redress: scope: resource")
        .contains("write it arn:aws:rds:us-east-1:123456789012:db:paymentsdb");
  }

  @Test
  void aSyncFileNamingAnRdsSnapshotInUpperCaseIsRefusedNamingTheEntry() throws Exception {
    Path file = Files.writeString(dir.resolve("exceptions.yaml"), """
        exceptions:
          - {scope: "resource=arn:aws:rds:us-east-1:123456789012:snapshot:Nightly-1", reason: why, approver: ciso,
             expires: %s}
        """.formatted(LocalDate.now(ZoneOffset.UTC).plusDays(30)));
    assertThat(redress("exceptions", "sync", file.toString(), "--dry-run")).isEqualTo(2);
    assertThat(err.toString()).contains("exceptions[0]")
        .contains("write it arn:aws:rds:us-east-1:123456789012:snapshot:nightly-1");
  }

  @Test
  void aBlankReasonIsRefused() {
    assertThat(add("control=S3.8", " ", "ciso", "30d")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: reason: required");
  }

  @Test
  void aMissingApproverIsRefused() {
    assertThat(redress("exceptions", "add", "--scope", "control=S3.8", "--reason", "why", "--expires", "30d"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--approver");
  }

  @Test
  void anExpiryBeyondTheConfiguredMaximumIsRefused() throws Exception {
    Path config = Files.writeString(dir.resolve("redress.yaml"), "exceptions: {max-expiry: P7D}\n");
    assertThat(redress("exceptions", "add", "-c", config.toString(), "--scope", "control=S3.8", "--reason", "why",
        "--approver", "ciso", "--expires", "8d")).isEqualTo(2);
    assertThat(err.toString()).contains("beyond the maximum of 7 days").contains("exceptions.max-expiry");
  }

  @Test
  void anUnreadableExpiryIsRefused() {
    assertThat(add("control=S3.8", "why", "ciso", "forever")).isEqualTo(2);
    assertThat(err.toString()).contains("expires: 'forever' is not a duration like 30d");
  }

  @Test
  void aSyncFileWithABadEntryIsRefusedNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("exceptions.yaml"), """
        exceptions:
          - {scope: control=S3.8, reason: why, approver: ciso, expires: 2020-01-01}
        """);
    assertThat(redress("exceptions", "sync", file.toString(), "--dry-run")).isEqualTo(2);
    assertThat(err.toString()).contains("exceptions[0]: expires: 2020-01-01T00:00:00Z is not in the future");
  }

  @Test
  void withoutAClusterOrARunningRedressTheCommandSaysWhereItLooked() {
    assertThat(add("control=S3.8", "why", "ciso", "30d")).isEqualTo(2);
    assertThat(err.toString()).contains("No Kafka cluster is configured").contains(dir.resolve("data").toString());
  }

  @Test
  void aReplayOfDeadLettersNeedsTheCountTheListingShowed() {
    assertThat(redress("dead-letters", "replay", "--stage", "normalize")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--expect=N'");
  }

  @Test
  void aListingOfNoDeadLettersIsRefused() {
    assertThat(redress("dead-letters", "list", "--limit", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("limit: must be at least 1");
  }

  @Test
  void anUnreadableSinceIsRefused() {
    assertThat(redress("dead-letters", "list", "--since", "yesterday")).isEqualTo(2);
    assertThat(err.toString()).contains("--since").contains("yesterday");
  }

  /** --since takes what audit's --from takes: an age is read, and the command goes on to look for a cluster. */
  @Test
  void aSinceGivenAsAnAgeOrADayIsRead() {
    assertThat(redress("dead-letters", "list", "--since", "2d")).isEqualTo(2);
    assertThat(redress("dead-letters", "list", "--since", "2026-11-01")).isEqualTo(2);
    assertThat(err.toString()).doesNotContain("--since").contains("No Kafka cluster is configured");
  }

  @Test
  void theSinceOfDeadLettersIsThatLongBeforeNow() {
    DeadLettersCommand.ListLetters list = new DeadLettersCommand.ListLetters();
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    new CommandLine(list).parseArgs("--since", "12h");
    Instant after = Instant.now();
    assertThat(list.which.since).isBetween(before.minus(Duration.ofHours(12)), after.minus(Duration.ofHours(12)));
  }

  @Test
  void aReleaseNeedsToSayWhichCommands() {
    assertThat(redress("breaker", "release")).isEqualTo(2);
    assertThat(err.toString()).contains("--scope").contains("--command").contains("--all");
  }

  @Test
  void aReleaseOfAScopeThatIsNoBreakerScopeIsRefused() {
    assertThat(redress("breaker", "release", "--scope", "account:42")).isEqualTo(2);
    assertThat(err.toString()).contains("'account:42' is not a breaker scope");
  }

  @Test
  void aReleaseOfAScopeNeedsTheCountOfCommandsTheOperatorSawHeld() {
    assertThat(redress("breaker", "release", "--scope", "account:111122223333")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: expect: required with --scope account:111122223333: the number of"
        + " commands ./redress breaker status showed pending there");
  }

  @Test
  void aDiscardOfEveryHeldCommandNeedsTheCountOfCommandsTheOperatorSawHeld() {
    assertThat(redress("breaker", "discard", "--all")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: expect: required with --all");
  }

  @Test
  void aReleaseOfOneCommandTakesNoCount() {
    assertThat(redress("breaker", "release", "--command", "c-1", "--expect", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: expect: goes with a decision on more than one command");
  }

  @Test
  void aReleaseOfAnApprovalScopeIsRefusedForApprovalsAreDecidedOneAtATime() {
    assertThat(redress("breaker", "release", "--scope", "approval:S3.8", "--expect", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("redress: scope: 'approval:S3.8' is not a breaker scope")
        .contains("./redress approvals");
  }
}
