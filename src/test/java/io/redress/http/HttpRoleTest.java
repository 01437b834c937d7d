package io.redress.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.config.RoutesConfig;
import io.redress.config.ConfigException;
import io.redress.config.ConfigLoader;
import io.redress.config.HttpSettings;
import io.redress.operations.InvalidInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The http role serves whatever routes it is given, and releases them however it ends. */
class HttpRoleTest {

  private final AtomicBoolean closed = new AtomicBoolean();
  private final HttpRoutes hello = new HttpRoutes() {
    @Override
    public void addTo(RoutesConfig routes) {
      routes.get("/hello", ctx -> ctx.result("hello"));
      routes.post("/form", ctx -> ctx.result(String.valueOf(ctx.formParam("name"))));
    }

    @Override
    public void close() {
      closed.set(true);
    }
  };

  @Test
  void itServesItsRoutesUntilClosedAndThenClosesThem() throws Exception {
    HttpRole role = new HttpRole(settings(0), List.of(), List.of(hello));
    role.start();
    URI uri = URI.create("http://127.0.0.1:" + role.port() + "/hello");
    HttpClient client = HttpClient.newHttpClient();

    assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
        .isEqualTo("hello");

    role.close();

    assertThat(closed).isTrue();
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aRequestInFlightWhenTheRoleStopsStillGetsItsAnswer() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    HttpRoutes publishing = new HttpRoutes() {
      @Override
      public void addTo(RoutesConfig routes) {
        routes.post("/webhook", ctx -> {
          entered.countDown();
          Thread.sleep(1_000); // waiting for Kafka to acknowledge the finding
          ctx.status(202).result("accepted");
        });
      }

      @Override
      public void close() {
      }
    };
    HttpRole role = new HttpRole(settings(0), List.of(), List.of(publishing));
    role.start();
    HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + role.port() + "/webhook"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
        .sendAsync(post, HttpResponse.BodyHandlers.ofString());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    role.close();

    HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("accepted");
  }

  @Test
  void aPortAlreadyTakenFailsTheRunAndClosesTheRoutes() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      HttpRole role = new HttpRole(settings(taken.getLocalPort()), List.of(), List.of(hello));

      assertThatThrownBy(role::run).isInstanceOf(RuntimeException.class)
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
      assertThat(closed).isTrue();
    }
  }

  @Test
  void withAManagementPortTheProbesAndScrapeAreServedThereAndNowhereElse() throws Exception {
    HttpSettings split = ConfigLoader.defaults(Map.of("REDRESS_HTTP_PORT", "0",
        "REDRESS_HTTP_MANAGEMENT_PORT", "0")).http();
    HttpRole role = new HttpRole(split, List.of(new HealthRoutes(() -> new Probe(true, List.of("all well")),
        () -> new Probe(true, List.of("all well"))), new MetricsRoutes(new PrometheusMeterRegistry(
        PrometheusConfig.DEFAULT))), List.of(hello));
    role.start();
    try {
      assertThat(role.managementPort()).isNotEqualTo(role.port());
      for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
        assertThat(get(role.managementPort(), path)).as(path).isEqualTo(200);
        for (String spelling : List.of(path, path + "/", path.toUpperCase(Locale.ROOT), path + "?x=1")) {
          assertThat(get(role.port(), spelling)).as("the webhook port, " + spelling).isEqualTo(404);
        }
      }
      assertThat(get(role.port(), "/hello")).isEqualTo(200);
      assertThat(get(role.managementPort(), "/hello")).as("the management port serves nothing else").isEqualTo(404);
    } finally {
      role.close();
    }
    assertThat(closed).isTrue();
  }

  @Test
  void withoutAManagementPortTheProbesAreServedBesideTheOtherRoutes() throws Exception {
    HttpRole role = new HttpRole(settings(0), List.of(new HealthRoutes(() -> new Probe(true, List.of("all well")),
        () -> new Probe(true, List.of("all well")))), List.of(hello));
    role.start();
    try {
      assertThat(role.managementPort()).isEqualTo(role.port());
      assertThat(get(role.port(), "/health/live")).isEqualTo(200);
      assertThat(get(role.port(), "/hello")).isEqualTo(200);
    } finally {
      role.close();
    }
  }

  @Test
  void aTakenManagementPortIsRefusedBeforeAnythingStartsNamingItsKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      HttpSettings split = ConfigLoader.defaults(Map.of("REDRESS_HTTP_PORT", "0",
          "REDRESS_HTTP_MANAGEMENT_PORT", Integer.toString(taken.getLocalPort()))).http();

      assertThatThrownBy(() -> HttpRole.requireFreePort(split)).isInstanceOf(InvalidInput.class)
          .hasMessageStartingWith("the http role cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageEndingWith("or set http.management-port (REDRESS_HTTP_MANAGEMENT_PORT) or http.bind");
      HttpRole role = new HttpRole(split, List.of(), List.of(hello));
      assertThatThrownBy(role::run).as("and a run that starts anyway fails, closing every route")
          .isInstanceOf(RuntimeException.class).hasMessageContaining(Integer.toString(taken.getLocalPort()));
      assertThat(closed).isTrue();
    }
  }

  @Test
  void aSourceWithoutItsSecretFailsTheRunBeforeListeningAndClosesTheRoutes() {
    HttpSettings withoutSecret = ConfigLoader.fromYaml("http: {port: 0, sources: {prowler: {}}}", Map.of()).http();
    HttpRole role = new HttpRole(withoutSecret, List.of(), List.of(hello));

    assertThatThrownBy(role::run).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("http.sources.prowler: set exactly one of hmac-secret and api-key");
    assertThat(closed).isTrue();
    assertThatThrownBy(role::port).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void slowPostsHoldingEveryThreadTheyMayTakeLeaveTheProbesAnswering() throws Exception {
    HttpRole role = new HttpRole(settings(0), List.of(new HealthRoutes(
        () -> new Probe(true, List.of("all well")), () -> new Probe(true, List.of("all well")))), List.of(hello));
    role.start();
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < HttpRole.THREADS + 10; i++) {
        Socket socket = new Socket("127.0.0.1", role.port());
        stalled.add(socket);
        startSlowForm(socket, 100_000);
      }
      Thread.sleep(1000); // the server takes them all up before the probe comes
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

      HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + role.port()
          + HealthRoutes.LIVE)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(live.statusCode()).isEqualTo(200);
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
      role.close();
    }
  }

  @Test
  void aBodyTricklingInIsCutOff() throws Exception {
    HttpRole role = new HttpRole(settings(0), List.of(), List.of(hello));
    role.start();
    try (Socket socket = new Socket("127.0.0.1", role.port())) {
      socket.setSoTimeout((int) HttpRole.IDLE_TIMEOUT.multipliedBy(2).toMillis());
      startSlowForm(socket, 100_000);
      Thread.sleep(2000);
      socket.getOutputStream().write('e');
      socket.getOutputStream().flush();

      assertThat(statusLine(socket.getInputStream())).isEqualTo("HTTP/1.1 408 Request Timeout");
    } finally {
      role.close();
    }
  }

  @Test
  void aClientGoneBeforeItsBodyArrivedIsLoggedInOneLine() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    HttpRole role = new HttpRole(settings(0), List.of(), List.of(hello));
    role.start();
    try {
      try (Socket socket = new Socket("127.0.0.1", role.port())) {
        startSlowForm(socket, 100_000);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (logged.list.stream().noneMatch(event -> event.getFormattedMessage().contains("/form"))
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      role.close();
      root.detachAppender(logged);
    }

    assertThat(logged.list).filteredOn(event -> event.getFormattedMessage().contains("/form"))
        .singleElement().satisfies(event -> {
          assertThat(event.getFormattedMessage())
              .startsWith("http: POST /form from 127.0.0.1: the request could not be read (400): ");
          assertThat(event.getThrowableProxy()).isNull();
        });
    assertThat(logged.list).allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
  }

  /** The headers of a form of {@code length} bytes and its first few bytes, and no more. */
  private static void startSlowForm(Socket socket, int length) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + length + "\r\n\r\nname").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int next = in.read(); next != -1 && next != '\r'; next = in.read()) {
      line.append((char) next);
    }
    return line.toString();
  }

  private static int get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static HttpSettings settings(int port) {
    return ConfigLoader.defaults(Map.of("REDRESS_HTTP_PORT", Integer.toString(port))).http();
  }
}
