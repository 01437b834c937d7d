package io.redress.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka stops while the receiver runs: senders are told 503, nothing is acknowledged that was not stored, and once
 * Kafka is back the very same signed request is accepted.
 */
class WebhookKafkaOutageIT {

  private static final String SECRET = "outage-test-secret-" + UUID.randomUUID();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void whileKafkaIsDownRequestsGet503AndTheSameRequestIsAcceptedOnceItIsBack(@TempDir Path dataDir)
      throws Exception {
    int[] ports = freePorts();
    EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir, ports[0], ports[1]);
    RedressConfig config = ConfigLoader.fromYaml("""
        http: {port: 0, ack-timeout: PT3S, sources: {outage: {hmac-secret: "%s"}}}
        """.formatted(SECRET), Map.of("REDRESS_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()));
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 1, (short) 1).provision();
    }
    RawFindingPublisher publisher = new RawFindingPublisher(config.kafka(), 1024 * 1024, Duration.ofSeconds(3));
    HttpRole role = new HttpRole(config.http(),
        List.of(), List.of(new WebhookRoutes(config.http(), config.ingest(), publisher, Clock.systemUTC())));
    role.start();
    try {
      byte[] before = finding("before the outage");
      byte[] during = finding("during the outage");
      String timestamp = Long.toString(Instant.now().getEpochSecond());
      assertThat(post(role, before, timestamp).statusCode()).isEqualTo(202);

      broker.close();
      HttpResponse<String> refused = post(role, during, timestamp);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);

      broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir, ports[0], ports[1]);
      int status = 503;
      for (int attempt = 0; attempt < 10 && status == 503; attempt++) {
        HttpResponse<String> retried = post(role, during, timestamp);
        status = retried.statusCode();
        assertThat(status).as(retried.body()).isIn(202, 503);
      }
      assertThat(status).isEqualTo(202);
      List<byte[]> stored = stored(config);
      assertThat(stored).filteredOn(value -> Arrays.equals(value, before)).hasSize(1);
      assertThat(stored).filteredOn(value -> Arrays.equals(value, during)).isNotEmpty();
    } finally {
      role.close();
      broker.close();
    }
  }

  private static HttpResponse<String> post(HttpRole role, byte[] body, String timestamp) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + role.port() + "/findings/outage"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header(SignedRequests.TIMESTAMP_HEADER, timestamp)
        .header(SignedRequests.SIGNATURE_HEADER, SignedRequests.signature(SECRET, timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] finding(String what) {
    return ("{\"test\": \"" + what + "\", \"id\": \"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static List<byte[]> stored(RedressConfig config) {
    var properties = config.kafka().clientProperties();
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<byte[]> values = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(Topics.UNPREFIXED.findingsRaw(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long deadline = System.currentTimeMillis() + 30_000;
      while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
      }
    }
    return values;
  }

  private static int[] freePorts() throws Exception {
    try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
         ServerSocket second = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return new int[] {first.getLocalPort(), second.getLocalPort()};
    }
  }
}
