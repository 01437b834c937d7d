package io.redress.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka Connect standalone worker running the Redress plugin, started as users start it: {@code
 * connectors/run-standalone} with the shipped configs of {@code connectors/config/}, changed only where a test must
 * (addresses, paths, credentials). The script builds the plugin and resolves the runtime if the README's test
 * command has not already.
 */
final class ConnectStandaloneProcess implements AutoCloseable {

  private static final Duration START_LIMIT = Duration.ofSeconds(90);
  /** The worker waits out a task's current long poll on stop (task.shutdown.graceful.timeout.ms). */
  private static final Duration STOP_LIMIT = Duration.ofSeconds(40);

  private final Process process;
  private final Path log;
  private final URI rest;
  private final String connector;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private ConnectStandaloneProcess(Process process, Path log, URI rest, String connector) {
    this.process = process;
    this.log = log;
    this.rest = rest;
    this.connector = connector;
  }

  /**
   * Starts a worker with one connector; {@link #awaitRunning()} waits until the connector and its tasks run.
   *
   * @param worker settings replacing those of {@code connectors/config/worker.properties}
   * @param connector settings replacing those of {@code connectors/config/sqs-source.properties}
   */
  static ConnectStandaloneProcess start(Path workDir, Map<String, String> worker, Map<String, String> connector)
      throws IOException, InterruptedException {
    Path connectors = Path.of(System.getProperty("user.dir"), "connectors");
    int port = freePort();
    Properties workerSettings = load(connectors.resolve("config/worker.properties"));
    workerSettings.setProperty("listeners", "http://127.0.0.1:" + port);
    workerSettings.setProperty("plugin.path", connectors.resolve("target/plugins").toString());
    workerSettings.setProperty("offset.storage.file.filename", workDir.resolve("standalone.offsets").toString());
    workerSettings.putAll(worker);
    Properties connectorSettings = load(connectors.resolve("config/sqs-source.properties"));
    connectorSettings.putAll(connector);
    Path workerFile = store(workerSettings, workDir.resolve("worker.properties"));
    Path connectorFile = store(connectorSettings, workDir.resolve("sqs-source.properties"));

    Path log = workDir.resolve("connect.log");
    ProcessBuilder builder = new ProcessBuilder(connectors.resolve("run-standalone").toString(),
        workerFile.toString(), connectorFile.toString());
    // The quick compiler only: a short-lived worker on a shared machine starts sooner without C2 compiling.
    builder.environment().put("CONNECT_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return new ConnectStandaloneProcess(process, log, URI.create("http://127.0.0.1:" + port),
        connectorSettings.getProperty("name"));
  }

  void awaitRunning() throws IOException, InterruptedException {
    Instant limit = Instant.now().plus(START_LIMIT);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka Connect exited with " + process.exitValue() + ":\n" + logText());
      }
      JsonNode status = status();
      if (status != null && isRunning(status)) {
        return;
      }
      if (status != null && status.toString().contains("\"FAILED\"")) {
        close();
        throw new IllegalStateException("connector " + connector + " failed: " + status.toPrettyString());
      }
      if (Instant.now().isAfter(limit)) {
        close();
        throw new IllegalStateException("connector " + connector + " not running within " + START_LIMIT + ":\n"
            + logText());
      }
      Thread.sleep(250);
    }
  }

  private static boolean isRunning(JsonNode status) {
    boolean tasksRunning = status.path("tasks").size() > 0;
    for (JsonNode task : status.path("tasks")) {
      tasksRunning &= "RUNNING".equals(task.path("state").asText());
    }
    return "RUNNING".equals(status.path("connector").path("state").asText()) && tasksRunning;
  }

  /** The connector's status from the REST API, or null while the worker does not answer or know it yet. */
  private JsonNode status() throws InterruptedException {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(rest.resolve("/connectors/" + connector + "/status")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    } catch (IOException notAnsweringYet) {
      return null;
    }
  }

  String logText() throws IOException {
    return Files.readString(log);
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }

  private static Path store(Properties properties, Path file) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, "written by " + ConnectStandaloneProcess.class.getSimpleName());
    }
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
