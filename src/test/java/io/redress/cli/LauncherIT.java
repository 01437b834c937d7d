package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code redress} launcher script as a user runs it: from a directory of their own, not the project root.
 * Failsafe runs after {@code package}, so the launcher finds the application built and starts it at once.
 */
class LauncherIT {

  private static final Path LAUNCHER = Path.of(System.getProperty("user.dir"), "redress");
  private static final String ROLE_ARN = "arn:aws:iam::222233334444:role/launcher-test-remediator";
  private static final String CONFIG_WITH_A_ROLE = """
      aws:
        accounts:
          "222233334444": {role-arn: "%s"}
      """.formatted(ROLE_ARN);

  @Test
  void aRelativeConfigFileIsFoundInTheDirectoryTheCommandRunsIn(@TempDir Path userDir) throws Exception {
    Files.writeString(userDir.resolve("rel.yaml"), CONFIG_WITH_A_ROLE);

    Run run = launch(userDir, "catalogue", "--iam-policy", "-c", "rel.yaml");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains(ROLE_ARN);
  }

  @Test
  void theDefaultConfigFileIsTheOneInTheDirectoryTheCommandRunsIn(@TempDir Path userDir) throws Exception {
    Files.writeString(userDir.resolve("redress.yaml"), CONFIG_WITH_A_ROLE);

    Run run = launch(userDir, "catalogue", "--iam-policy");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains(ROLE_ARN);
  }

  private record Run(int exitCode, String output) {
  }

  private static Run launch(Path workingDirectory, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
    return new Run(process.exitValue(), output);
  }
}
