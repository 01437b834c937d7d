package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

  /**
   * The test tools' install takes a lock with flock, which macOS lacks: the launcher says what is missing and
   * exits with the status of a usage error, before touching the tools' cache, rather than "command not found".
   */
  @Test
  void installingTheTestToolsWithoutFlockSaysWhatIsMissing(@TempDir Path userDir) throws Exception {
    Path path = commandsBut("flock", Files.createDirectory(userDir.resolve("bin")));
    Path cache = userDir.resolve("cache");

    Run run;
    try {
      run = launch(userDir, Map.of("PATH", path.toString(), "XDG_CACHE_HOME", cache.toString()), "bench");
    } finally {
      removeLinks(path);
    }

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("redress: flock is required");
    assertThat(cache).doesNotExist();
  }

  /** A directory of links to every command on this PATH but one. */
  private static Path commandsBut(String missing, Path bin) throws IOException {
    for (String directory : System.getenv("PATH").split(File.pathSeparator)) {
      File[] commands = new File(directory).listFiles();
      for (File command : commands == null ? new File[0] : commands) {
        Path link = bin.resolve(command.getName());
        if (!command.getName().equals(missing) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, command.toPath());
        }
      }
    }
    return bin;
  }

  /** Removed here, as JUnit warns of every link to outside its directory that it removes. */
  private static void removeLinks(Path bin) throws IOException {
    try (Stream<Path> links = Files.list(bin)) {
      for (Path link : links.toList()) {
        Files.delete(link);
      }
    }
  }

  private record Run(int exitCode, String output) {
  }

  private static Run launch(Path workingDirectory, String... args) throws IOException, InterruptedException {
    return launch(workingDirectory, Map.of(), args);
  }

  private static Run launch(Path workingDirectory, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
    return new Run(process.exitValue(), output);
  }
}
