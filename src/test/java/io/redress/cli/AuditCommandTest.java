package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The audit and what-if command lines refuse what they cannot use before they connect to anything. */
class AuditCommandTest {

  private final StringWriter err = new StringWriter();

  private int redress(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    return commandLine.execute(args);
  }

  @Test
  void aTimeThatIsNoTimeIsRefusedNamingTheFormsItTakes() {
    assertThat(redress("audit", "--from", "yesterday")).isEqualTo(2);
    assertThat(err.toString()).contains("'yesterday' is not a time").contains("2026-11-01").contains("30d");
  }

  @Test
  void aRangeThatEndsBeforeItStartsIsRefused() {
    assertThat(redress("audit", "--from", "2026-11-02", "--to", "2026-11-01")).isEqualTo(2);
    assertThat(err.toString()).contains("--from 2026-11-02T00:00:00Z is not before --to 2026-11-01T00:00:00Z");
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheChoices() {
    assertThat(redress("audit", "--format", "pdf")).isEqualTo(2);
    assertThat(err.toString()).contains("pdf").contains("JSONL, CSV, HTML");
  }

  @Test
  void withoutAClusterOrARecordedBrokerTheCommandSaysWhereItLooked(@TempDir Path empty) {
    assertThat(redress("audit", "--data-dir", empty.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("redress: No Kafka cluster is configured").contains(empty.toString());
    assertThat(empty.resolve("broker")).doesNotExist();
  }

  @Test
  void verifyWithoutAClusterOrARecordedBrokerSaysWhereItLooked(@TempDir Path empty) {
    assertThat(redress("audit", "verify", "--data-dir", empty.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("redress: No Kafka cluster is configured").contains(empty.toString());
  }

  @Test
  void aTimeBefore1970IsRefused() {
    assertThat(redress("audit", "--from", "1969-12-31")).isEqualTo(2);
    assertThat(err.toString()).contains("'1969-12-31' is 1969-12-31T00:00:00Z, before 1970-01-01");
  }

  @Test
  void aReportThatCouldNotBeWrittenIsRefusedBeforeAnythingIsRead(@TempDir Path dir) {
    Path output = dir.resolve("no-such-dir").resolve("r.html");

    assertThat(redress("audit", "--format", "html", "-o", output.toString(), "--data-dir", dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).isEqualTo("redress: --output " + output + ": the directory " + output.getParent()
        + " does not exist" + System.lineSeparator());
  }

  @Test
  void anUnreachableClusterIsReportedInOneLineAndVerifySaysItCouldNotCheck(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("redress.yaml"), """
        kafka:
          bootstrap-servers: "127.0.0.1:1"
          consumer: {default.api.timeout.ms: "1000"}
        """);

    assertThat(redress("audit", "verify", "-c", config.toString())).isEqualTo(2);
    assertThat(redress("audit", "-c", config.toString())).isEqualTo(2);
    assertThat(err.toString().lines().filter(line -> line.startsWith("redress: ")))
        .hasSize(2).allMatch(line -> line.startsWith("redress: Cannot use Kafka at 127.0.0.1:1: Timeout expired"));
  }

  @Test
  void whatIfRefusesABadStartLikeAudit() {
    assertThat(redress("what-if", "--from", "last tuesday")).isEqualTo(2);
    assertThat(err.toString()).contains("'last tuesday' is not a time");
  }
}
