package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that starts an embedded broker on a data directory holds the directory first, and refuses one that
 * another Redress holds before it stops any broker or deletes anything there. This JVM holding the lock stands for
 * the other process: the lock refuses both alike. {@code DataDirectoryLockIT} does it with a running broker.
 */
class DataDirectoryLockTest {

  @TempDir
  Path dir;

  private final String refusal = "redress: another Redress (pid " + ProcessHandle.current().pid() + ") is using ";

  @Test
  void aRunOnADirectoryAnotherRedressHoldsIsRefusedNamingItAndLeavesItsBrokerFilesAlone() throws IOException {
    Path dataDir = dir.resolve("data");
    Path pidFile = brokerFiles(dataDir);

    try (DataDirectoryLock held = DataDirectoryLock.claim(dataDir)) {
      Cli.Run run = Cli.redress("run", "--data-dir", dataDir.toString(),
          "--broker-classpath", dir.resolve("no-such-classpath.txt").toString());

      assertThat(run.status()).isEqualTo(2);
      assertThat(run.err()).isEqualTo(refusal + dataDir + "; stop it or choose another --data-dir"
          + System.lineSeparator());
      assertThat(run.out()).isEmpty();
    }
    assertThat(pidFile).hasContent("4242");
    assertThat(dataDir.resolve("broker/server.properties")).hasContent("listeners=PLAINTEXT://127.0.0.1:33933");
  }

  @Test
  void aDemoOnItsDirectoryWhileAnotherDemoHoldsItIsRefusedAndDeletesNothing() throws IOException {
    Path demoDir = dir.resolve("demo");
    Path pidFile = brokerFiles(demoDir);
    Files.createFile(demoDir.resolve(".redress-demo"));

    try (DataDirectoryLock held = DataDirectoryLock.claim(demoDir)) {
      Cli.Run demo = Cli.redress("demo", "--data-dir", demoDir.toString());

      assertThat(demo.status()).isEqualTo(2);
      assertThat(demo.err()).startsWith(refusal + demoDir + ";");
    }
    assertThat(pidFile).hasContent("4242");
  }

  @Test
  void anAuditOnAHeldDirectoryWhoseBrokerDoesNotAnswerYetIsRefusedRatherThanStartingASecondBroker()
      throws IOException {
    Path dataDir = dir.resolve("data");
    Path pidFile = brokerFiles(dataDir);

    try (DataDirectoryLock held = DataDirectoryLock.claim(dataDir)) {
      Cli.Run audit = Cli.redress("audit", "--data-dir", dataDir.toString(),
          "--broker-classpath", dir.resolve("no-such-classpath.txt").toString());

      assertThat(audit.status()).isEqualTo(2);
      assertThat(audit.err()).isEqualTo("redress: another Redress (pid " + ProcessHandle.current().pid() + ") holds "
          + dataDir + " and its broker does not answer yet; run this again once that Redress has started (it prints"
          + " \"Redress is running\") or has stopped" + System.lineSeparator());
    }
    assertThat(pidFile).hasContent("4242");
  }

  @Test
  void aDirectoryIsFreeAgainOnceItsHolderLetsGo() {
    DataDirectoryLock.claim(dir).close();

    try (DataDirectoryLock again = DataDirectoryLock.claim(dir)) {
      assertThat(dir.resolve(DataDirectoryLock.FILE_NAME)).hasContent(Long.toString(ProcessHandle.current().pid()));
    }
  }

  /** What a running broker leaves in the data directory: its pid file and configuration. */
  private static Path brokerFiles(Path dataDir) throws IOException {
    Path brokerDir = Files.createDirectories(dataDir.resolve("broker"));
    Files.writeString(brokerDir.resolve("server.properties"), "listeners=PLAINTEXT://127.0.0.1:33933");
    return Files.writeString(brokerDir.resolve("broker.pid"), "4242");
  }
}
