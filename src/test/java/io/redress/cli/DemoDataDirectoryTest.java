package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo empties its directory at every start, so it takes only one of its own, a new one or an empty one: given
 * a {@code run}'s data directory it would stop that run's broker and delete its topics and audit trail.
 * {@code DemoIT} runs the demo itself.
 */
class DemoDataDirectoryTest {

  @TempDir
  Path dir;

  @Test
  void theDemoRefusesADirectoryWithFilesItDidNotMakeAndLeavesThemAlone() throws IOException {
    Path runsDataDir = Files.createDirectories(dir.resolve(".redress"));
    Path auditTrail = Files.writeString(Files.createDirectories(runsDataDir.resolve("broker/storage"))
        .resolve("redress.decisions-0"), "audit records");

    Cli.Run demo = Cli.redress("demo", "--data-dir", runsDataDir.toString());

    assertThat(demo.status()).isEqualTo(2);
    assertThat(demo.err()).startsWith("redress: --data-dir " + runsDataDir + " is not a directory the demo made");
    assertThat(auditTrail).hasContent("audit records");
  }

  @Test
  void theDemoRefusesAFileForItsDirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "kept");

    Cli.Run demo = Cli.redress("demo", "--data-dir", file.toString());

    assertThat(demo.status()).isEqualTo(2);
    assertThat(demo.err()).startsWith("redress: --data-dir " + file + " is not a directory the demo made");
    assertThat(file).hasContent("kept");
  }

  @Test
  void theDemosDefaultDirectoryLeftUnmarkedByAnEarlierVersionIsTakenAndAnotherIsNot() throws IOException {
    Path demos = Files.createDirectories(dir.resolve(".redress/demo/broker/storage"));
    Path runs = Files.createDirectories(dir.resolve(".redress/broker/storage"));

    DemoCommand.refuseOthers(dir.resolve(".redress/demo"));
    assertThatThrownBy(() -> DemoCommand.refuseOthers(dir.resolve(".redress")))
        .hasMessageStartingWith("--data-dir " + dir.resolve(".redress") + " is not a directory the demo made");
    assertThat(demos).exists();
    assertThat(runs).exists();
  }
}
