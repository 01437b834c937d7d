package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.kafka.EmbeddedBroker;
import io.redress.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second run or demo on the directory of one that runs leaves the first one's broker alone: that broker looks
 * exactly like one a killed run left behind, which a start stops. The first Redress is this JVM, holding the
 * directory as a run does and with its broker started there as a run starts it.
 */
class DataDirectoryLockIT {

  @TempDir
  Path dir;

  @Test
  void aSecondRunOnTheDirectoryIsRefusedAndTheFirstRunsBrokerKeepsServing() throws Exception {
    Path dataDir = dir.resolve("data");
    try (DataDirectoryLock first = DataDirectoryLock.claim(dataDir);
         EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir.resolve("broker"))) {
      String serverProperties = Files.readString(dataDir.resolve("broker/server.properties"));

      Cli.Run second = Cli.redress("run", "--data-dir", dataDir.toString(),
          "--broker-classpath", TestBroker.classpathFile().toString());

      assertThat(second.status()).isEqualTo(2);
      assertThat(second.err()).startsWith("redress: another Redress (pid " + ProcessHandle.current().pid()
          + ") is using " + dataDir + "; stop it or choose another --data-dir");
      assertStillServing(broker, dataDir);
      assertThat(dataDir.resolve("broker/server.properties")).hasContent(serverProperties);
    }
  }

  @Test
  void aSecondDemoOnTheDirectoryIsRefusedAndTheFirstDemosBrokerAndDataStay() throws Exception {
    Path demoDir = dir.resolve("demo");
    try (DataDirectoryLock first = DataDirectoryLock.claim(demoDir);
         EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), demoDir.resolve("broker"))) {
      Files.createFile(demoDir.resolve(".redress-demo"));

      Cli.Run second = Cli.redress("demo", "--data-dir", demoDir.toString(),
          "--broker-classpath", TestBroker.classpathFile().toString());

      assertThat(second.status()).isEqualTo(2);
      assertThat(second.err()).startsWith("redress: another Redress (pid ");
      assertStillServing(broker, demoDir);
      assertThat(demoDir.resolve(".redress-demo")).exists();
    }
  }

  /** Alive, answering clients, and still the broker that commands connecting to the directory find. */
  private static void assertStillServing(EmbeddedBroker broker, Path dataDir) throws Exception {
    assertThat(ProcessHandle.of(broker.pid()).filter(ProcessHandle::isAlive)).isPresent();
    assertThat(EmbeddedBroker.runningOn(dataDir.resolve("broker"))).hasValue(broker.bootstrapServers());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      assertThat(admin.describeCluster().nodes().get()).hasSize(1);
    }
  }
}
