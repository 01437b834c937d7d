package io.redress.http;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.SecurityHubEvents;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A webhook source limited to one account ({@code ingest.sources}), end to end on a real broker: the webhook refuses
 * (403, with the reason) a finding for an account that source may not name, so nothing of it is stored or decided,
 * while the source's findings for its own account, and any account's from a source without limits, are decided and
 * say which source delivered them. The topology applies the same limits to what reaches it otherwise
 * ({@code SourcesTopologyTest}, {@code DeadLettersCommandIT}).
 */
class SourceLimitsIT {

  private static final String SECRET = "secret-for-source-limits-" + UUID.randomUUID();
  private static final String SOURCE = "team-a";
  private static final String OWN = "111122223333";
  private static final String OTHER = "444455556666";
  private static final String UNLIMITED = "team-b";
  private static final String UNLIMITED_SECRET = "secret-for-no-limits-" + UUID.randomUUID();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static RedressConfig config;
  private static HttpRole webhook;
  private static StreamsRole streams;

  @BeforeAll
  static void start() throws Exception {
    config = ConfigLoader.fromYaml("""
        kafka: {application-id: redress-source-limits-%s}
        controls: {S3.8: {mode: dry-run}}
        ingest: {sources: {%s: {accounts: ["%s"]}}}
        http:
          port: 0
          sources: {%s: {hmac-secret: "%s"}, %s: {hmac-secret: "%s"}}
        """.formatted(UUID.randomUUID(), SOURCE, OWN, SOURCE, SECRET, UNLIMITED, UNLIMITED_SECRET), Map.of())
        .withBootstrapServers(TestBroker.bootstrapServers());
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    int maxRecordBytes = config.ingest().maxRecordBytes();
    webhook = new HttpRole(config.http(), List.of(), List.of(new WebhookRoutes(config.http(), config.ingest(),
        new RawFindingPublisher(config.kafka(), maxRecordBytes, config.http().ackTimeout()), Clock.systemUTC())));
    webhook.start();
    streams = new StreamsRole(config, RemediationCatalogue.discover(),
        Files.createTempDirectory("redress-source-limits"), () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(Duration.ofSeconds(90))).isTrue();
  }

  @AfterAll
  static void stop() {
    if (streams != null) {
      streams.close();
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void aFindingForAnAccountTheSourceMayNotNameIsRefusedWithTheReasonAndOneForItsOwnIsDecided() throws Exception {
    String outside = "outside-" + UUID.randomUUID();
    String inside = "inside-" + UUID.randomUUID();

    HttpResponse<String> refused = post(SecurityHubEvents.publicBucket(OTHER, outside, Instant.now()));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("source '" + SOURCE + "' may deliver findings only for account(s) "
        + OWN + " (ingest.sources." + SOURCE + ".accounts), and its finding names account " + OTHER);
    assertThat(post(SecurityHubEvents.publicBucket(OWN, inside, Instant.now())).statusCode()).isEqualTo(202);

    Properties client = config.kafka().clientProperties();
    Decision decided = readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class,
        d -> d.getFinding().getResource().getId().endsWith(inside), 1).get(0);
    assertThat(decided.getFinding().getSender()).isEqualTo(SOURCE);
    assertThat(readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class,
        d -> d.getFinding().getResource().getId().endsWith(outside), 0)).isEmpty();
    assertThat(readExactly(client, Topics.UNPREFIXED.deadLetters(), DeadLetter.class,
        d -> StandardCharsets.UTF_8.decode(d.getPayload().duplicate()).toString().contains(outside), 0))
        .as("refused at the edge, never stored").isEmpty();
  }

  @Test
  void aSourceWithoutLimitsMayDeliverForAnyAccount() throws Exception {
    String unlimited = "unlimited-" + UUID.randomUUID();

    assertThat(post(UNLIMITED, UNLIMITED_SECRET, SecurityHubEvents.publicBucket(OTHER, unlimited, Instant.now()))
        .statusCode()).isEqualTo(202);

    Decision decided = readExactly(config.kafka().clientProperties(), Topics.UNPREFIXED.decisions(), Decision.class,
        d -> d.getFinding().getResource().getId().endsWith(unlimited), 1).get(0);
    assertThat(decided.getFinding().getSender()).isEqualTo(UNLIMITED);
  }

  private static HttpResponse<String> post(String event) throws Exception {
    return post(SOURCE, SECRET, event);
  }

  private static HttpResponse<String> post(String source, String secret, String event) throws Exception {
    byte[] body = event.getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhook.port() + "/findings/" + source))
        .header("Content-Type", "application/json")
        .header(SignedRequests.TIMESTAMP_HEADER, timestamp)
        .header(SignedRequests.SIGNATURE_HEADER, SignedRequests.signature(secret, timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
