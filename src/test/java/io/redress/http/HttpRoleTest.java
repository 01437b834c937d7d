package io.redress.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.config.RoutesConfig;
import io.redress.config.ConfigException;
import io.redress.config.ConfigLoader;
import io.redress.config.HttpSettings;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The http role serves whatever routes it is given, and releases them however it ends. */
class HttpRoleTest {

  private final AtomicBoolean closed = new AtomicBoolean();
  private final HttpRoutes hello = new HttpRoutes() {
    @Override
    public void addTo(RoutesConfig routes) {
      routes.get("/hello", ctx -> ctx.result("hello"));
    }

    @Override
    public void close() {
      closed.set(true);
    }
  };

  @Test
  void itServesItsRoutesUntilClosedAndThenClosesThem() throws Exception {
    HttpRole role = new HttpRole(settings(0), List.of(hello));
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
  void aPortAlreadyTakenFailsTheRunAndClosesTheRoutes() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      HttpRole role = new HttpRole(settings(taken.getLocalPort()), List.of(hello));

      assertThatThrownBy(role::run).isInstanceOf(RuntimeException.class);
      assertThat(closed).isTrue();
    }
  }

  @Test
  void aSourceWithoutItsSecretFailsTheRunBeforeListeningAndClosesTheRoutes() {
    HttpSettings withoutSecret = ConfigLoader.fromYaml("http: {port: 0, sources: {prowler: {}}}", Map.of()).http();
    HttpRole role = new HttpRole(withoutSecret, List.of(hello));

    assertThatThrownBy(role::run).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("http.sources.prowler: set exactly one of hmac-secret and api-key");
    assertThat(closed).isTrue();
    assertThatThrownBy(role::port).isInstanceOf(IllegalStateException.class);
  }

  private static HttpSettings settings(int port) {
    return ConfigLoader.defaults(Map.of("REDRESS_HTTP_PORT", Integer.toString(port))).http();
  }
}
