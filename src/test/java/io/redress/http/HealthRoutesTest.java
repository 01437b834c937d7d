package io.redress.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kubernetes reads the status; a person reading a probe by hand reads the words and each role's line. */
class HealthRoutesTest {

  private final HttpRole role = new HttpRole(ConfigLoader.defaults(Map.of("REDRESS_HTTP_PORT", "0")).http(),
      List.of(new HealthRoutes(() -> new Probe(true, List.of("executor: running")),
          () -> new Probe(false, List.of("decision topology: REBALANCING")))), List.of());

  @AfterEach
  void stop() {
    role.close();
  }

  @Test
  void eachProbeAnswersItsOwnStatusWordAndLines() throws Exception {
    role.start();

    HttpResponse<String> live = get(HealthRoutes.LIVE);
    HttpResponse<String> ready = get(HealthRoutes.READY);

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("ok\nexecutor: running\n");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("failing\ndecision topology: REBALANCING\n");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + role.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
