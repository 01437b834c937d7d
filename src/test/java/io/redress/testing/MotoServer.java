package io.redress.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A moto server (the AWS emulator) as a child process on a free local port, for {@code *IT} tests. The binary is
 * {@code $REDRESS_MOTO_SERVER}, else {@code .venv/bin/moto_server} under the project root, made by
 * {@code python3 -m venv .venv && .venv/bin/pip install -r requirements-test.txt}.
 */
public final class MotoServer implements AutoCloseable {

  /** Any access key works against moto; this one maps to moto's default account. */
  public static final String ACCESS_KEY = "testing";
  public static final String SECRET_KEY = "testing";
  /** The account moto acts in when a request names no other. */
  public static final String DEFAULT_ACCOUNT = "123456789012";

  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  private final Process process;
  private final URI endpoint;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private MotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** Starts a server and returns once it answers. */
  public static MotoServer start() throws IOException, InterruptedException {
    Path binary = binary();
    int port = freePort();
    Path log = Files.createTempFile("moto-server-" + port + "-", ".log");
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port));
    // moto lets any account reach any bucket by default; AWS does not, and cross-account tests must see the wall.
    builder.environment().put("MOTO_S3_ALLOW_CROSSACCOUNT_ACCESS", "false");
    Process process = builder
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    server.awaitAnswer();
    return server;
  }

  private static Path binary() {
    String configured = System.getenv("REDRESS_MOTO_SERVER");
    Path binary = configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of("").toAbsolutePath().resolve(".venv/bin/moto_server");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("moto_server not found at " + binary + ". Create it at the project root with "
          + "'python3 -m venv .venv && .venv/bin/pip install -r requirements-test.txt', "
          + "or point REDRESS_MOTO_SERVER at an existing moto_server.");
    }
    return binary;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitAnswer() throws IOException, InterruptedException {
    Instant limit = Instant.now().plus(START_LIMIT);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> response = http.send(
            HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep waiting
      }
      if (Instant.now().isAfter(limit)) {
        close();
        throw new IllegalStateException("moto_server did not answer within " + START_LIMIT + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** Where to point AWS clients: use with {@code endpointOverride} (and path-style access for S3). */
  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every resource in every account, so each test starts from an empty cloud. */
  public void reset() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** Moto's recorded state of every service as JSON ({@code GET /moto-api/data.json}), e.g. STS's assumed roles. */
  public String state() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("moto state answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
