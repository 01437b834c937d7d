package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.kafka.AvroSerde;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.TestBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probes and the metrics of a running node, asked over HTTP the way Kubernetes and Prometheus ask. */
class HealthAndMetricsIT {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void aNodeIsReadyOnceItsTopologyRunsAndItsMetricsAreInPrometheusTextFormat(@TempDir Path dataDir)
      throws Exception {
    int port = freePort();
    try (Node node = Node.connect(config(port), dataDir, dataDir.resolve("no-such-classpath.txt"))) {
      node.start(EnumSet.of(Role.STREAMS, Role.HTTP), RemediationCatalogue.discover(), dataDir);

      HttpResponse<String> ready = awaitAnswer(port, "/health/ready", response -> response.statusCode() == 200);

      assertThat(node.awaitRunning(Duration.ZERO)).isTrue();
      assertThat(ready.body()).contains("decision topology: running", "http server: running");
      assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(port, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
          assertThat(type).startsWith("text/plain; version=0.0.4"));
      assertThat(metrics.body())
          .contains("# TYPE kafka_stream_thread_process_total counter")
          .contains("redress_role_running{role=\"decision topology\"} 1.0")
          .contains("redress_role_failures_total{role=\"http server\"} 0.0")
          .contains("jvm_memory_used_bytes{");
    }
  }

  /** As the Kubernetes manifests run it: the webhook's port, which an ingress reaches, serves neither. */
  @Test
  void withAManagementPortTheNodeServesItsProbesAndMetricsThereAloneAndWebhooksOnItsPort(@TempDir Path dataDir)
      throws Exception {
    int port = freePort();
    int management = freePort();
    RedressConfig config = ConfigLoader.defaults(Map.of(
        "REDRESS_KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
        "REDRESS_KAFKA_APPLICATION_ID", "redress-health-" + UUID.randomUUID(),
        "REDRESS_HTTP_BIND", "127.0.0.1",
        "REDRESS_HTTP_PORT", Integer.toString(port),
        "REDRESS_HTTP_MANAGEMENT_PORT", Integer.toString(management),
        "REDRESS_HTTP_SOURCES_CSPM_HMAC_SECRET", "a-long-enough-hmac-secret-7f3a"));
    try (Node node = Node.connect(config, dataDir, dataDir.resolve("no-such-classpath.txt"))) {
      node.start(EnumSet.of(Role.HTTP), RemediationCatalogue.discover(), dataDir);

      awaitAnswer(management, "/health/ready", response -> response.statusCode() == 200);
      assertThat(get(management, "/metrics").body()).contains("redress_role_running{role=\"http server\"} 1.0");
      for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
        assertThat(get(port, path).statusCode()).as(path + " on the webhook's port").isEqualTo(404);
      }
      HttpResponse<String> unsigned = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/findings/cspm")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
          .ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unsigned.statusCode()).as("the webhook answers, and wants its signature").isEqualTo(401);
      assertThat(get(management, "/findings/cspm").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theBreakerStatePerScopeAndTheKafkaClientsOfTheExecutorAndNotifierAreMeasured(@TempDir Path dataDir)
      throws Exception {
    int port = freePort();
    RedressConfig config = config(port);
    String applicationId = config.kafka().applicationId();
    String scope = "control:Metrics." + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000);
    try (Node node = Node.connect(config, dataDir, dataDir.resolve("no-such-classpath.txt"))) {
      node.start(EnumSet.allOf(Role.class), RemediationCatalogue.discover(), dataDir);
      publishOpenBreaker(config, scope);

      List<String> expected = List.of(
          "redress_breaker_open{scope=\"" + scope + "\"} 1.0",
          "kafka_consumer_fetch_manager_records_consumed_total{client_id=\"consumer-" + applicationId + "-executor-",
          "kafka_consumer_fetch_manager_records_consumed_total{client_id=\"consumer-" + applicationId + "-notifier-",
          "kafka_producer_record_send_total{client_id=\"producer-" + applicationId + "-executor-",
          "kafka_producer_record_send_total{client_id=\"producer-" + applicationId + "-notifier-",
          "# TYPE kafka_stream_thread_process_total counter");

      // Each role binds its clients' meters once its instance is built, which takes a moment after the node starts.
      HttpResponse<String> metrics = awaitAnswer(port, "/metrics",
          response -> expected.stream().allMatch(response.body()::contains));

      assertThat(metrics.body()).contains(expected);
    }
  }

  /** An open breaker state for the scope, as the topology writes it on the breaker topic. */
  private static void publishOpenBreaker(RedressConfig config, String scope) throws Exception {
    Instant now = Instant.now();
    BreakerState open = BreakerState.newBuilder().setScope(scope).setStatus(BreakerStatus.OPEN).setCount(31)
        .setThreshold(30).setWindowMillis(300_000).setOpenedAt(now).setOpenedBy("command-metrics")
        .setReopensAt(now.plus(Duration.ofHours(1))).setReason("31 commands in 5 minutes").setUpdatedAt(now).build();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().producerConfig(),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.UNPREFIXED.breaker(), scope,
          AvroSerde.of(BreakerState.class).serializer().serialize(Topics.UNPREFIXED.breaker(), open))).get();
    }
  }

  @Test
  void aNodeWithARoleFailedForGoodIsNotLive(@TempDir Path dataDir) throws Exception {
    int port = freePort();
    try (Node node = Node.connect(config(port), dataDir, dataDir.resolve("no-such-classpath.txt"))) {
      node.start(EnumSet.of(Role.HTTP), RemediationCatalogue.discover(), dataDir);
      awaitAnswer(port, "/health/live", response -> response.statusCode() == 200);

      node.supervise("doomed", DoomedRole::new, new RestartBudget(0, Duration.ofMinutes(1)));

      HttpResponse<String> live = awaitAnswer(port, "/health/live", response -> response.statusCode() == 503);
      assertThat(live.body()).contains("doomed: failed after 1 failures", "http server: running");
      assertThat(get(port, "/health/ready").statusCode()).isEqualTo(503);
      assertThat(node.failure()).succeedsWithin(Duration.ofSeconds(10));
    }
  }

  private static RedressConfig config(int port) {
    return ConfigLoader.defaults(Map.of(
        "REDRESS_KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers(),
        "REDRESS_KAFKA_APPLICATION_ID", "redress-health-" + UUID.randomUUID(),
        "REDRESS_HTTP_BIND", "127.0.0.1",
        "REDRESS_HTTP_PORT", Integer.toString(port)));
  }

  /** Asks until the answer is the one expected: the server starts listening, and the roles settle, in their time. */
  private static HttpResponse<String> awaitAnswer(int port, String path, Predicate<HttpResponse<String>> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(port, path);
        if (expected.test(last)) {
          return last;
        }
      } catch (IOException notListeningYet) {
        // the http role binds its port a moment after the node starts it
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no expected answer from " + path + " within " + PATIENCE + "; last: "
        + (last == null ? "none" : last.statusCode() + " " + last.body()));
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A role whose loop fails at once, every time. */
  private static final class DoomedRole implements Runnable, AutoCloseable {

    @Override
    public void run() {
      throw new IllegalStateException("this role always fails");
    }

    @Override
    public void close() {
    }
  }
}
