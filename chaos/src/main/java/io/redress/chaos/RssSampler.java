package io.redress.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the resident memory (VmRSS) of the Redress process of the moment, keeping the peak. */
final class RssSampler implements AutoCloseable {

  private static final Duration EVERY = Duration.ofMillis(500);

  private final AtomicLong peakKiB = new AtomicLong();
  private final Thread thread = new Thread(this::run, "chaos-rss");
  private volatile long pid = -1;
  private volatile boolean closing;

  RssSampler() {
    thread.setDaemon(true);
    thread.start();
  }

  void watch(long processId) {
    pid = processId;
  }

  /** The highest VmRSS seen, in KiB; 0 where /proc is not available. */
  long peakKiB() {
    return peakKiB.get();
  }

  private void run() {
    while (!closing) {
      long current = pid;
      if (current > 0) {
        peakKiB.accumulateAndGet(residentKiB(current), Math::max);
      }
      try {
        Thread.sleep(EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static long residentKiB(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(line -> line.startsWith("VmRSS:"))
          .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
          .findFirst().orElse(0L);
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }

  @Override
  public void close() {
    closing = true;
    thread.interrupt();
  }
}
