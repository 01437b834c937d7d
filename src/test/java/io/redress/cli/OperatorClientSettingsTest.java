package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Kafka client an operator command creates takes {@code kafka.properties} and then the settings of its own type
 * ({@code kafka.consumer}, {@code kafka.producer}, {@code kafka.admin}), as the roles' clients do. A setting Kafka
 * refuses, given for one type only, shows which clients take it: the client refuses it as it is created, before it
 * asks the (absent) cluster anything.
 */
class OperatorClientSettingsTest {

  private static final String REFUSED = "Invalid value not-a-lookup for configuration client.dns.lookup";

  @TempDir
  Path dir;

  private Path configWith(String clientType) throws IOException {
    return Files.writeString(dir.resolve(clientType + ".yaml"), """
        kafka:
          bootstrap-servers: 127.0.0.1:9
          %s: {client.dns.lookup: not-a-lookup}
        """.formatted(clientType));
  }

  /** What the command says when run with {@code clientType}'s settings refused. */
  private String errorOf(String clientType, String... args) throws IOException {
    List<String> withConfig = new ArrayList<>(List.of(args));
    withConfig.addAll(List.of("--config", configWith(clientType).toString()));
    Cli.Run run = Cli.redress(withConfig.toArray(String[]::new));
    assertThat(run.status()).isNotZero();
    return run.err();
  }

  @Test
  void theAuditReadsWithTheConsumerSettings() throws IOException {
    assertThat(errorOf("consumer", "audit")).contains(REFUSED);
  }

  @Test
  void theAuditVerificationReadsWithTheConsumerSettings() throws IOException {
    assertThat(errorOf("consumer", "audit", "verify")).contains(REFUSED);
  }

  @Test
  void aWhatIfReadsWithTheConsumerSettings() throws IOException {
    assertThat(errorOf("consumer", "what-if")).contains(REFUSED);
  }

  @Test
  void theHeldCommandsAreReadWithTheConsumerSettings() throws IOException {
    assertThat(errorOf("consumer", "approvals", "list")).contains(REFUSED);
  }

  @Test
  void anExceptionIsPublishedWithTheProducerSettings() throws IOException {
    assertThat(errorOf("producer", "exceptions", "add", "--scope", "control=S3.8", "--reason", "accepted",
        "--approver", "ciso", "--expires", "30d")).contains(REFUSED);
  }

  @Test
  void anImportAsksForItsTopicWithTheAdminSettings() throws IOException {
    Path findings = Files.writeString(dir.resolve("findings.json"), "[]");

    assertThat(errorOf("admin", "import", findings.toString())).contains(REFUSED);
  }
}
