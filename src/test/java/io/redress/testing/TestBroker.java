package io.redress.testing;

import io.redress.kafka.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real Kafka broker per test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Tests share it, so each test uses its own topics, group ids and application ids where it writes or reads
 * anything other than the Redress topics.
 */
public final class TestBroker {
  private static EmbeddedBroker broker;
  private static RuntimeException startFailure;

  private TestBroker() {
  }

  public static synchronized String bootstrapServers() {
    if (startFailure != null) {
      throw startFailure;
    }
    if (broker == null) {
      try {
        broker = startShared();
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return broker.bootstrapServers();
  }

  /** The broker's classpath, prepared by the README's test command; Maven runs tests from the project root. */
  public static Path classpathFile() {
    Path file = Path.of(System.getProperty("user.dir"), "broker", "target", "classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("Tests need a real Kafka broker, whose classpath " + file + " is missing."
          + " Run the tests with the README's test command, which prepares it.");
    }
    return file;
  }

  private static EmbeddedBroker startShared() {
    Path classpathFile = classpathFile();
    try {
      Path dataDir = Files.createTempDirectory("redress-test-broker-");
      EmbeddedBroker started = EmbeddedBroker.start(classpathFile, dataDir);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.close();
        deleteRecursively(dataDir);
      }, "test-broker-shutdown"));
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is not worth failing the build for.
    }
  }
}
