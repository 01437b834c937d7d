package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment's file names webhook sources and console operators whose secrets come from the environment of the
 * process that serves them. An operator's command on another machine, without those secrets, still reads the file;
 * the http role refuses to start without them.
 */
class SecretsWhereUsedTest {

  private static final String DEPLOYMENT = """
      http:
        sources:
          prowler: {}
        console:
          enabled: true
          operators: {alice: {}}
      """;

  @TempDir
  Path dir;

  private Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("redress.yaml"), yaml);
  }

  @Test
  void anOperatorsCommandReadsTheDeploymentsFileWithoutItsSecrets() throws IOException {
    Cli.Run status = Cli.redress("breaker", "status", "--config", file(DEPLOYMENT).toString(),
        "--data-dir", dir.resolve("no-run").toString());

    assertThat(status.status()).isEqualTo(2);
    assertThat(status.err()).contains("No Kafka cluster is configured").doesNotContain("http.");
  }

  @Test
  void theHttpRoleRefusesToStartWithoutAWebhookSourcesSecret() throws IOException {
    Cli.Run run = Cli.redress("run", "--roles", "http", "--config", file(DEPLOYMENT).toString(),
        "--data-dir", dir.resolve("run").toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("redress: http.sources.prowler: set exactly one of hmac-secret and api-key");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void theHttpRoleRefusesToStartTheConsoleWithoutAnOperatorsToken() throws IOException {
    Path console = file(DEPLOYMENT.replace("  sources:\n    prowler: {}\n", ""));

    Cli.Run run = Cli.redress("run", "--roles", "http", "--config", console.toString(),
        "--data-dir", dir.resolve("run").toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("redress: http.console.operators.alice.token: missing")
        .contains("REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_TOKEN");
  }
}
