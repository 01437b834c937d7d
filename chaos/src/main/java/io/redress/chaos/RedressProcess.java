package io.redress.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Redress as its users run it: {@code java -cp target/redress.jar:target/lib/* io.redress.cli.Main run} in a
 * process of its own, every role, against the run's broker, every control in dry-run and no AWS access. Each
 * launch writes {@code redress-<n>.out} and {@code .err}. An exit nobody asked for is recorded as a crash.
 */
final class RedressProcess implements AutoCloseable {

  static final String RUNNING_LINE = "Redress is running";
  private static final int LAST_LINES = 20;
  private static final int TAIL_BYTES = 64 * 1024;
  /** Far above anything the run sends: dry-runs are not counted anyway, but nothing may be held by accident. */
  private static final String NO_BREAKER_LIMIT = "1000000";

  private final List<String> command;
  private final Map<String, String> environment;
  private final Path workDir;
  private final ChaosEvents events;
  private final RssSampler rss = new RssSampler();
  private final Set<Long> stoppedOnPurpose = ConcurrentHashMap.newKeySet();
  private Process process;
  private int launches;

  RedressProcess(ChaosOptions options, String bootstrapServers, Path workDir, ChaosEvents events) {
    Path project = options.projectDir().toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Arrays.stream(options.javaOpts().trim().split("\\s+")).filter(opt -> !opt.isEmpty()).forEach(command::add);
    command.addAll(List.of("-cp", project.resolve("target/redress.jar") + ":" + project.resolve("target/lib/*"),
        "io.redress.cli.Main", "run", "--data-dir", workDir.resolve("redress").toString(),
        "--roles", "streams,executor,notifier"));
    this.command = List.copyOf(command);
    this.environment = Map.of(
        "REDRESS_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
        "REDRESS_CONTROLS_DEFAULT_MODE", "dry-run",
        "REDRESS_BREAKER_THRESHOLDS_GLOBAL", NO_BREAKER_LIMIT,
        "REDRESS_BREAKER_THRESHOLDS_ACCOUNT", NO_BREAKER_LIMIT,
        "REDRESS_BREAKER_THRESHOLDS_CONTROL", NO_BREAKER_LIMIT);
    this.workDir = workDir;
    this.events = events;
  }

  /** Starts a new Redress process; the previous one must have exited. */
  synchronized int launch() {
    launches++;
    ProcessBuilder builder = new ProcessBuilder(command)
        // Its own working directory, so that no redress.yaml lying around the project is read.
        .directory(workDir.toFile())
        .redirectOutput(output(launches, "out").toFile())
        .redirectError(output(launches, "err").toFile());
    // Only the run's own settings: a REDRESS_ variable or a POD_NAME in the caller's shell would change what is tested.
    builder.environment().keySet().removeIf(name -> name.startsWith("REDRESS_") || name.equals("POD_NAME"));
    builder.environment().putAll(environment);
    try {
      Process started = builder.start();
      process = started;
      Files.writeString(pidFile(workDir), Long.toString(started.pid()));
      int launch = launches;
      started.onExit().thenAccept(exited -> {
        if (!stoppedOnPurpose.contains(exited.pid())) {
          events.crash(launch, exited.exitValue(), lastLines(launch));
        }
      });
      rss.watch(started.pid());
      return launch;
    } catch (IOException e) {
      throw new ChaosException("could not start Redress (" + String.join(" ", command) + "): " + e, e);
    }
  }

  /** Waits until the current process says it is running; false if it exited or the deadline passed first. */
  boolean awaitRunning(Deadline deadline) {
    Path out = output(launches, "out");
    while (!deadline.passed() && process.isAlive()) {
      if (printed(out, RUNNING_LINE)) {
        return true;
      }
      Deadline.sleep(Duration.ofMillis(100));
    }
    return printed(out, RUNNING_LINE);
  }

  /** SIGKILL, as a machine or container dying would; returns once the process is gone. */
  synchronized void kill() {
    stop(true, Duration.ofSeconds(30));
  }

  /**
   * SIGTERM, as an orchestrator stopping Redress would; after {@code patience}, SIGKILL.
   *
   * @return the exit code, or empty when it had to be killed
   */
  synchronized Optional<Integer> terminate(Duration patience) {
    return stop(false, patience);
  }

  /**
   * SIGSTOP: the process stays, frozen mid-work with whatever it holds open (transactions, unsent records, fetches),
   * until {@link #resume()}. Java has no call for either signal, so {@code kill} sends them.
   */
  synchronized void pause() {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}: the process goes on where it was frozen. */
  synchronized void resume() {
    signal("CONT");
  }

  /** Whether the current process exited without being asked to. */
  synchronized boolean crashed() {
    return process != null && !process.isAlive() && !stoppedOnPurpose.contains(process.pid());
  }

  int launches() {
    return launches;
  }

  long peakRssKiB() {
    return rss.peakKiB();
  }

  private Optional<Integer> stop(boolean kill, Duration patience) {
    if (process == null || !process.isAlive()) {
      return Optional.empty();
    }
    stoppedOnPurpose.add(process.pid());
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.of(process.exitValue());
      }
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new ChaosException("Redress (pid " + process.pid() + ") survived SIGKILL for 30 s");
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ChaosException("interrupted while stopping Redress", e);
    }
  }

  private void signal(String name) {
    if (process == null || !process.isAlive()) {
      throw new ChaosException("no Redress process to send SIG" + name + " to");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (kill.waitFor() != 0) {
        throw new ChaosException("kill -" + name + " " + process.pid() + " failed: " + output);
      }
    } catch (IOException e) {
      throw new ChaosException("could not send SIG" + name + " to Redress: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChaosException("interrupted while sending SIG" + name + " to Redress", e);
    }
  }

  /** Kills whatever is left, without ceremony: for the end of the run and the shutdown hook. */
  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      stoppedOnPurpose.add(process.pid());
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    rss.close();
  }

  /**
   * A harness killed before its cleanup leaves Redress running on the work directory; stop it, but only if it
   * really is a Redress started on that directory.
   */
  static void killLeftover(Path workDir) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile(workDir)).strip());
      ProcessHandle.of(pid)
          .filter(handle -> handle.info().arguments().map(List::of).orElse(List.of())
              .contains(workDir.resolve("redress").toString()))
          .ifPresent(ProcessHandle::destroyForcibly);
    } catch (IOException | NumberFormatException absent) {
      // Nothing was left behind.
    }
  }

  private static Path pidFile(Path workDir) {
    return workDir.resolve("redress.pid");
  }

  private Path output(int launch, String stream) {
    return workDir.resolve("redress-" + launch + "." + stream);
  }

  /** The last lines of standard error, or of standard output when it printed nothing there. */
  private List<String> lastLines(int launch) {
    List<String> lines = tail(output(launch, "err"));
    if (lines.isEmpty()) {
      lines = tail(output(launch, "out"));
    }
    return lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size());
  }

  /** The lines of a file's last 64 KiB: its output may run to many megabytes of lessons. */
  private static List<String> tail(Path file) {
    try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(0, reader.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (reader.length() - from)];
      reader.seek(from);
      reader.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static boolean printed(Path file, String text) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false;
    }
  }
}
