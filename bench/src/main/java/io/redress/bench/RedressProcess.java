package io.redress.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Redress as users run it: {@code io.redress.cli.Main run} with every role in a process of its own, with the
 * launcher's JVM flags, configured through the environment only. Its resident memory is sampled while it runs.
 */
final class RedressProcess implements AutoCloseable {

  private static final String RUNNING_LINE = "Redress is running";
  private static final Duration START_PATIENCE = Duration.ofMinutes(3);
  private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);

  private final Process process;
  private final Path out;
  private final List<Long> rssKiB = new CopyOnWriteArrayList<>();
  private final Thread sampler;

  private RedressProcess(Process process, Path out) {
    this.process = process;
    this.out = out;
    this.sampler = new Thread(this::sample, "bench-rss");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts Redress and returns once it says it is running. */
  static RedressProcess start(String javaOpts, Path dir, Map<String, String> environment) throws Exception {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Arrays.stream(javaOpts.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).forEach(command::add);
    Path project = Path.of("").toAbsolutePath();
    command.addAll(List.of("-cp", project.resolve("target/redress.jar") + ":" + project.resolve("target/lib/*"),
        "io.redress.cli.Main", "run", "--data-dir", dir.resolve("data").toString(),
        "--roles", "streams,executor,notifier"));
    Path out = dir.resolve("redress.out");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(dir.resolve("redress.err").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("REDRESS_") || name.equals("POD_NAME"));
    builder.environment().putAll(environment);
    Process started = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    RedressProcess redress = new RedressProcess(started, out);
    redress.awaitRunning();
    return redress;
  }

  private void awaitRunning() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_PATIENCE.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.readString(out).contains(RUNNING_LINE)) {
        return;
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException("Redress did not start; see " + out + " and redress.err beside it");
  }

  /** Samples from now on only: what start-up took is not what a running Redress needs. */
  void restartSampling() {
    rssKiB.clear();
  }

  List<Long> rssKiB() {
    return List.copyOf(rssKiB);
  }

  /** The CPU time the process has used so far. */
  Duration cpu() {
    return process.info().totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("this platform does not tell Redress's CPU time"));
  }

  private void sample() {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    while (process.isAlive()) {
      try {
        Files.readAllLines(status).stream()
            .filter(line -> line.startsWith("VmRSS:"))
            .findFirst()
            .ifPresent(line -> rssKiB.add(Long.parseLong(line.replaceAll("[^0-9]", ""))));
        Thread.sleep(SAMPLE_EVERY.toMillis());
      } catch (IOException gone) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    sampler.interrupt();
  }
}
