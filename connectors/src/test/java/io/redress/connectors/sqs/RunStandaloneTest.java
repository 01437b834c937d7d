package io.redress.connectors.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@code connectors/run-standalone} hands to Kafka Connect. The script runs from a copy of the
 * {@code connectors/} tree, with a {@code java} that prints its arguments and a {@code mvn} that does nothing ahead
 * on the PATH, so no worker starts and nothing is built.
 */
class RunStandaloneTest {

  private static final String CONNECT_STANDALONE = "org.apache.kafka.connect.cli.ConnectStandalone";

  @TempDir
  Path root;

  private Path connectors;

  private List<String> connectArguments(String... arguments) throws IOException, InterruptedException {
    connectors = root.resolve("connectors");
    Files.createDirectories(connectors.resolve("config"));
    Files.copy(Path.of("run-standalone"), connectors.resolve("run-standalone"));
    Files.writeString(connectors.resolve("config/worker.properties"), "");
    Files.writeString(connectors.resolve("config/sqs-source.properties"), "");
    Path bin = Files.createDirectories(root.resolve("bin"));
    executable(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    executable(bin.resolve("mvn"), "#!/bin/sh\nexit 0\n");

    List<String> command = new ArrayList<>(List.of("bash", connectors.resolve("run-standalone").toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    List<String> printed = output.lines().toList();
    return printed.subList(printed.indexOf(CONNECT_STANDALONE) + 1, printed.size());
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void withoutArgumentsTheShippedWorkerRunsTheShippedConnector() throws Exception {
    List<String> files = connectArguments();

    assertThat(files).containsExactly(connectors.resolve("config/worker.properties").toString(),
        connectors.resolve("config/sqs-source.properties").toString());
  }

  @Test
  void aWorkerFileAloneStartsNoConnector() throws Exception {
    Path worker = Files.writeString(root.resolve("worker.properties"), "");

    List<String> files = connectArguments("worker.properties");

    assertThat(files).containsExactly(worker.toString());
  }

  @Test
  void theFilesGivenAreTheOnesRun() throws Exception {
    Path worker = Files.writeString(root.resolve("worker.properties"), "");
    Path connector = Files.writeString(root.resolve("connector.properties"), "");

    List<String> files = connectArguments("worker.properties", "connector.properties");

    assertThat(files).containsExactly(worker.toString(), connector.toString());
  }
}
