package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.kafka.SchemaRegistryException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int redress(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(out, true));
    return commandLine.execute(args);
  }

  @Test
  void anUnknownRoleIsRefusedNamingTheChoices() {
    assertThat(redress("run", "--roles", "streams,janitor")).isEqualTo(2);
    assertThat(err.toString()).contains("janitor").contains("STREAMS, EXECUTOR, NOTIFIER");
  }

  /** An unset shell variable must not put the broker's data into whatever directory the command ran in. */
  @Test
  void anEmptyPathIsRefusedRatherThanTakenForTheWorkingDirectory() {
    assertThat(redress("run", "--data-dir", "")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--data-dir': empty path");
    assertThat(redress("breaker", "status", "-c", " ")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--config': empty path");
  }

  @Test
  void anUnknownCommandIsRefused() {
    assertThat(redress("remediate-everything")).isEqualTo(2);
    assertThat(err.toString()).contains("remediate-everything");
  }

  @Test
  void anInvalidConfigurationStopsRunBeforeAnythingStartsAndNamesTheKey(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("redress.yaml"), "controls: {S3.8: {mode: sometimes}}\n");

    assertThat(redress("run", "-c", config.toString(), "--data-dir", dir.resolve("data").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("redress: controls.S3.8.mode: 'sometimes' is not a mode");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aTakenHttpPortStopsRunWithOneLineBeforeTheBrokerOrTheBanner(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path config = Files.writeString(dir.resolve("redress.yaml"),
          "http: {bind: 127.0.0.1, port: " + taken.getLocalPort() + "}\n");

      assertThat(redress("run", "-c", config.toString(), "--data-dir", dir.resolve("data").toString(),
          "--broker-classpath", dir.resolve("no-such-classpath.txt").toString())).isEqualTo(2);
      assertThat(err.toString()).startsWith("redress: the http role cannot listen on 127.0.0.1:"
          + taken.getLocalPort() + " (").contains("set http.port (REDRESS_HTTP_PORT) or http.bind")
          .hasLineCount(1);
      assertThat(out.toString()).isEmpty();
      assertThat(dir.resolve("data/broker")).doesNotExist();
    }
  }

  @Test
  void anUnknownDeliveryChannelStopsRunBeforeAnythingStartsAndNamesTheKey(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("redress.yaml"),
        "notifications: {channels: {pager: {type: carrier-pigeon}}}\n");

    assertThat(redress("run", "-c", config.toString(), "--data-dir", dir.resolve("data").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("redress: notifications.channels.pager.type: 'carrier-pigeon' is not a"
        + " channel type");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void anSesEndpointWithoutASchemeStopsRunBeforeAnythingStartsAndNamesTheKey(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("redress.yaml"),
        "notifications: {channels: {mail: {type: ses, from: redress@example.com, endpoint: ses.local}}}\n");

    assertThat(redress("run", "-c", config.toString(), "--data-dir", dir.resolve("data").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("redress: notifications.channels.mail.endpoint: expected an absolute URL");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void anEmptyNotificationRouteIsAConfigurationErrorNamingTheKey(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("redress.yaml"), "notifications: {routes: {default: []}}\n");

    assertThat(redress("topology", "-c", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("redress: notifications.routes.default: a route to no channel");
  }

  @Test
  void aGlueEndpointThatIsNotAUrlIsAConfigurationErrorNamingTheKey(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("redress.yaml"),
        "kafka: {properties: {redress.wire.format: glue, endpoint: '127.0.0.1:4566'}}\n");

    assertThat(redress("topology", "-c", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("redress: kafka.properties.endpoint: expected an absolute URL");
  }

  @Test
  void aSchemaRegistryProblemIsReportedWithStatusTwoAlsoWhenKafkaStreamsWrapsIt() {
    CommandLine commandLine = Main.commandLine();
    commandLine.addSubcommand(new ReplayMeetingARefusingRegistry());
    commandLine.setErr(new PrintWriter(err, true));

    assertThat(commandLine.execute("replay")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("redress: Glue registry redress refused the new version of schema redress.findings\n");
  }

  /** A command whose in-process topology meets the registry's refusal, wrapped as Kafka Streams wraps it. */
  @CommandLine.Command(name = "replay")
  static final class ReplayMeetingARefusingRegistry implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new StreamsException("Exception caught in process",
          new SchemaRegistryException("Glue registry redress refused the new version of schema redress.findings"));
    }
  }

  @Test
  void aMissingConfigurationFileIsReported(@TempDir Path dir) {
    assertThat(redress("topology", "-c", dir.resolve("absent.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("absent.yaml").contains("cannot read configuration");
  }

  @Test
  void everySubcommandsFirstDescriptionLineIsASentenceOfItsOwn() {
    // The top-level help shows only the first line of each subcommand's description.
    assertThat(Main.commandLine().getSubcommands()).isNotEmpty().allSatisfy((name, subcommand) ->
        assertThat(subcommand.getCommandSpec().usageMessage().description()).as(name)
            .isNotEmpty().satisfies(lines -> assertThat(lines[0]).endsWith(".")));
  }

  @Test
  void theTopologyDescriptionNamesEveryStepOfTheDesign() {
    assertThat(redress("topology")).isEqualTo(0);
    assertThat(out.toString())
        .contains("normalize", "check-actionable", "check-exceptions", "check-cooldown", "apply-policy", "breaker",
            "write-decision", "write-command", "write-held-command", "write-lesson", "write-dead-letter")
        .doesNotContain("KSTREAM-");
  }
}
