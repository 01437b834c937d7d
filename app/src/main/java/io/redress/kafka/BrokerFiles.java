package io.redress.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the embedded broker keeps what, under one absolute data directory: {@code server.properties},
 * {@code log4j2.xml}, {@code broker.log} (the broker's own log), {@code broker.out} (its stdout and stderr, where
 * JVM and logging failures land), {@code broker.pid} and the storage in {@code kafka-logs/}.
 */
record BrokerFiles(Path dir) {
  private static final int ERRORS_SHOWN = 5;
  private static final int TAIL_LINES = 20;

  static BrokerFiles in(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new KafkaSetupException("Cannot create the embedded Kafka broker's data directory " + dir, e);
    }
    return new BrokerFiles(dir);
  }

  Path serverProperties() {
    return dir.resolve("server.properties");
  }

  Path logConfig() {
    return dir.resolve("log4j2.xml");
  }

  Path log() {
    return dir.resolve("broker.log");
  }

  Path consoleOutput() {
    return dir.resolve("broker.out");
  }

  Path pidFile() {
    return dir.resolve("broker.pid");
  }

  Path storage() {
    return dir.resolve("kafka-logs");
  }

  /**
   * What a person needs to see when the broker failed: its console output, then the last errors of its log, each
   * with the line after it (the exception), since a failing broker logs many lines of shutdown after the error.
   * Without errors, the end of the log.
   */
  String problemReport() {
    StringBuilder report = new StringBuilder();
    List<String> console = lines(consoleOutput());
    if (!console.isEmpty()) {
      report.append("\nOutput of the broker process:\n").append(String.join("\n", last(console, TAIL_LINES)));
    }
    List<String> log = lines(log());
    List<String> errors = errorsWithCause(log);
    if (!errors.isEmpty()) {
      report.append("\nLast errors in ").append(log()).append(":\n").append(String.join("\n", errors));
    } else if (!log.isEmpty()) {
      report.append("\nLast lines of ").append(log()).append(":\n").append(String.join("\n", last(log, TAIL_LINES)));
    }
    return report.toString();
  }

  private static List<String> errorsWithCause(List<String> log) {
    List<List<String>> errors = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).contains("] ERROR ") || log.get(i).contains("] FATAL ")) {
        boolean causeFollows = i + 1 < log.size() && !log.get(i + 1).startsWith("[");
        errors.add(causeFollows ? List.of(log.get(i), log.get(i + 1)) : List.of(log.get(i)));
      }
    }
    return last(errors, ERRORS_SHOWN).stream().flatMap(List::stream).toList();
  }

  private static <T> List<T> last(List<T> items, int count) {
    return items.subList(Math.max(0, items.size() - count), items.size());
  }

  private static List<String> lines(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException absent) {
      return List.of();
    }
  }
}
