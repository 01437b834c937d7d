package io.redress.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.SourceNames;
import io.redress.config.Topics;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook receiver on a real broker, called with a real HTTP client: what it accepts is on
 * {@code redress.findings.raw} byte for byte, and what it refuses never is. Each refused request is followed by an
 * accepted one from the same source (same key, so same partition): reading up to that one shows whether the refused
 * request reached Kafka.
 */
class WebhookIT {

  private static final String SECRET = "s3cret-for-webhook-tests-" + UUID.randomUUID();
  private static final String API_KEY = "api-key-for-webhook-tests-" + UUID.randomUUID();
  private static final String SIGNED = "signed-" + Long.toHexString(System.nanoTime());
  private static final String KEYED = "keyed-" + Long.toHexString(System.nanoTime());
  private static final int BODY_LIMIT = 2048;
  /** {@code http.replay-window}, left at its default. */
  private static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);
  /** What a sender is told whether its timestamp was already old or grew old while its body was arriving. */
  private static final String OUTSIDE_THE_WINDOW = "s old; only requests signed less than 300 s from now are accepted";

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static HttpRole role;
  private static RedressConfig config;

  @BeforeAll
  static void startReceiver() throws Exception {
    config = configFor(TestBroker.bootstrapServers(), "PT5S");
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    role = receiver(config, Clock.systemUTC());
  }

  @AfterAll
  static void stopReceiver() {
    role.close();
  }

  @Test
  void aCorrectlySignedFindingIsStoredAsSentWithItsSourceAndAnswered202() throws Exception {
    byte[] body = finding("stored as sent");

    HttpResponse<String> response = post(role, SIGNED, signed(body, now()));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("\"topic\":\"" + Topics.UNPREFIXED.findingsRaw() + "\"");
    ConsumerRecord<String, byte[]> stored = last(recordsOf(SIGNED, body));
    assertThat(stored.value()).isEqualTo(body);
    assertThat(stored.key()).isEqualTo(SIGNED);
    assertThat(new String(stored.headers().lastHeader(SourceNames.HEADER).value(),
        StandardCharsets.UTF_8)).isEqualTo(SIGNED);
    assertThat(response.body()).contains("\"offset\":" + stored.offset());
  }

  @Test
  void aBadSignatureIsRefusedWith401AndNeverReachesKafka() throws Exception {
    byte[] body = finding("bad signature");
    HttpRequest.Builder request = signed(body, now())
        .setHeader(SignedRequests.SIGNATURE_HEADER, SignedRequests.signature("another-secret-entirely", now(), body));

    assertRefused(post(role, SIGNED, request), 401, "signature does not match");
    assertNeverStored(SIGNED, body);
  }

  @Test
  void aTimestampOlderThanTheReplayWindowIsRefused() throws Exception {
    byte[] body = finding("stale");
    String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(5)).minusSeconds(30).getEpochSecond());

    assertRefused(post(role, SIGNED, signed(body, stale)), 401, "old");
    assertNeverStored(SIGNED, body);
  }

  @Test
  void aTimestampFromTheFutureBeyondTheReplayWindowIsRefused() throws Exception {
    byte[] body = finding("future");
    String future = Long.toString(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(30).getEpochSecond());

    assertRefused(post(role, SIGNED, signed(body, future)), 401, "in the future");
    assertNeverStored(SIGNED, body);
  }

  @Test
  void aReplayedRequestIsRefusedAndStoredOnlyOnce() throws Exception {
    byte[] body = finding("replayed");
    String timestamp = now();

    assertThat(post(role, SIGNED, signed(body, timestamp)).statusCode()).isEqualTo(202);
    assertRefused(post(role, SIGNED, signed(body, timestamp)), 401, "used before");
    assertThat(recordsOf(SIGNED, body)).hasSize(1);
  }

  @Test
  void aRequestSignedExactlyOneReplayWindowAgoIsRefusedAsOld() throws Exception {
    byte[] body = finding("signed one window ago");
    Instant signedAt = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    HttpRole atWindowEnd = receiver(config, Clock.fixed(signedAt.plus(REPLAY_WINDOW), ZoneOffset.UTC));
    try {
      String timestamp = Long.toString(signedAt.getEpochSecond());

      assertRefused(post(atWindowEnd, SIGNED, signed(body, timestamp)), 401, OUTSIDE_THE_WINDOW);
      assertNeverStored(SIGNED, body);
    } finally {
      atWindowEnd.close();
    }
  }

  @Test
  void aCapturedRequestWhoseBodyArrivesAfterItsWindowIsRefusedAsOldAndStoredOnlyOnce() throws Exception {
    byte[] body = finding("body sent slowly");
    Instant signedAt = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    String timestamp = Long.toString(signedAt.getEpochSecond());
    MovableClock clock = new MovableClock(signedAt);
    HttpRole slowlyFed = receiver(config, clock);
    try {
      assertThat(post(slowlyFed, SIGNED, signed(body, timestamp)).statusCode()).isEqualTo(202);

      Instant windowEnds = signedAt.plus(REPLAY_WINDOW);
      clock.set(windowEnds.minusSeconds(1));
      String replayed = postWithBodyLater(slowlyFed, body, timestamp, clock, windowEnds.plusSeconds(1));

      assertThat(replayed).startsWith("401 ").contains(OUTSIDE_THE_WINDOW);
      assertThat(recordsOf(SIGNED, body)).hasSize(1);
    } finally {
      slowlyFed.close();
    }
  }

  @Test
  void aBodyTricklingInIsRefusedWith408AndNeverReachesKafka() throws Exception {
    byte[] body = finding("trickled");
    String timestamp = now();
    try (Socket socket = new Socket("127.0.0.1", role.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(signedHead(body, timestamp).getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 4);
      out.flush();
      Thread.sleep(2000);
      out.write(body, 4, 1);
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(response).startsWith("HTTP/1.1 408 ").contains("application/json")
          .contains("{\"status\":408,\"error\":\"the body arrived too slowly: ");
    }
    assertNeverStored(SIGNED, body);
  }

  @Test
  void aBodyOfExactlyTheLimitIsAcceptedAndOneByteMoreIsRefusedWith413() throws Exception {
    byte[] atLimit = paddedFinding("at the limit", BODY_LIMIT);
    byte[] overLimit = paddedFinding("over the limit", BODY_LIMIT + 1);

    assertThat(post(role, SIGNED, signed(atLimit, now())).statusCode()).isEqualTo(202);
    assertRefused(post(role, SIGNED, signed(overLimit, now())), 413, "larger than " + BODY_LIMIT + " bytes");
    assertNeverStored(SIGNED, overLimit);
  }

  @Test
  void aBodySentWithoutItsLengthIsMeasuredAsItIsReadAndRefusedPastTheLimit() throws Exception {
    byte[] overLimit = paddedFinding("chunked", BODY_LIMIT + 1);
    String timestamp = now();
    HttpRequest.Builder chunked = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header(SignedRequests.TIMESTAMP_HEADER, timestamp)
        .header(SignedRequests.SIGNATURE_HEADER, SignedRequests.signature(SECRET, timestamp, overLimit))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(overLimit)));

    assertRefused(post(role, SIGNED, chunked), 413, "larger than " + BODY_LIMIT + " bytes");
    assertNeverStored(SIGNED, overLimit);
  }

  @Test
  void aBodyNotDeclaredAsJsonIsRefusedWith415() throws Exception {
    byte[] body = finding("form");
    HttpRequest.Builder request = signed(body, now()).setHeader("Content-Type", "application/x-www-form-urlencoded");

    assertRefused(post(role, SIGNED, request), 415, "application/json");
    assertNeverStored(SIGNED, body);
  }

  /** JSON is UTF-8 whatever a charset parameter says (RFC 8259), so one that does not even exist changes nothing. */
  @Test
  void aCharsetThatDoesNotExistInTheContentTypeIsIgnored() throws Exception {
    byte[] body = finding("no such charset");
    HttpRequest.Builder request = signed(body, now()).setHeader("Content-Type", "application/json; charset=no-such");

    assertThat(post(role, SIGNED, request).statusCode()).isEqualTo(202);
    assertThat(recordsOf(SIGNED, body)).hasSize(1);
  }

  @Test
  void aSignedBodyThatIsNotJsonIsRefusedWith400() throws Exception {
    byte[] body = "{\"Findings\": [ truncated".getBytes(StandardCharsets.UTF_8);

    assertRefused(post(role, SIGNED, signed(body, now())), 400, "not JSON");
    assertNeverStored(SIGNED, body);
  }

  @Test
  void aSignedBodyWithAByteOrderMarkOrInUtf16IsRefusedWith400AsTheTopologyCouldNotReadIt() throws Exception {
    String json = new String(finding("encoded"), StandardCharsets.UTF_8);
    byte[] withMark = ("\ufeff" + json).getBytes(StandardCharsets.UTF_8);
    byte[] utf16 = json.getBytes(StandardCharsets.UTF_16LE);

    assertRefused(post(role, SIGNED, signed(withMark, now())), 400, "byte-order mark");
    assertRefused(post(role, SIGNED, signed(utf16, now())), 400, "not JSON");
    assertNeverStored(SIGNED, withMark);
    assertNeverStored(SIGNED, utf16);
  }

  @Test
  void aRequestWithoutTheApiKeyIsRefusedAndOneWithTheRightKeyAccepted() throws Exception {
    byte[] missing = finding("no key");
    byte[] wrong = finding("wrong key");
    byte[] right = finding("right key");

    assertRefused(post(role, KEYED, json(missing)), 401, "missing API key header X-Redress-Api-Key");
    assertRefused(post(role, KEYED, json(wrong).header("X-Redress-Api-Key", API_KEY + "x")), 401, "does not match");
    assertThat(post(role, KEYED, json(right).header("X-Redress-Api-Key", API_KEY)).statusCode()).isEqualTo(202);
    assertThat(recordsOf(KEYED, right)).hasSize(1);
    assertThat(recordsOf(KEYED, missing)).isEmpty();
    assertThat(recordsOf(KEYED, wrong)).isEmpty();
  }

  @Test
  void anUnknownSourceIsRefusedWith404() throws Exception {
    HttpResponse<String> response = post(role, "nobody", signed(finding("unknown source"), now()));

    assertRefused(response, 404, "no webhook source");
  }

  @Test
  void whenKafkaIsUnavailableTheSenderIsTold503AndMaySendTheSameRequestAgain() throws Exception {
    int nothingListens;
    try (ServerSocket socket = new ServerSocket(0)) {
      nothingListens = socket.getLocalPort();
    }
    HttpRole cutOff = receiver(configFor("127.0.0.1:" + nothingListens, "PT2S"), Clock.systemUTC());
    try {
      byte[] body = finding("kafka down");
      String timestamp = now();

      HttpResponse<String> first = post(cutOff, SIGNED, signed(body, timestamp));
      assertRefused(first, 503, "send it again");
      assertThat(first.headers().firstValue("Retry-After")).isPresent();
      assertRefused(post(cutOff, SIGNED, signed(body, timestamp)), 503, "send it again");
    } finally {
      cutOff.close();
    }
  }

  private static RedressConfig configFor(String bootstrapServers, String ackTimeout) {
    return ConfigLoader.fromYaml("""
        http:
          port: 0
          max-body-bytes: %d
          ack-timeout: %s
          sources:
            %s: {hmac-secret: "%s"}
            %s: {api-key: "%s"}
        """.formatted(BODY_LIMIT, ackTimeout, SIGNED, SECRET, KEYED, API_KEY),
        Map.of("REDRESS_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers));
  }

  private static HttpRole receiver(RedressConfig config, Clock clock) {
    int maxRecordBytes = config.ingest().maxRecordBytes();
    RawFindingPublisher publisher =
        new RawFindingPublisher(config.kafka(), maxRecordBytes, config.http().ackTimeout());
    HttpRole started = new HttpRole(config.http(),
        List.of(), List.of(new WebhookRoutes(config.http(), config.ingest(), publisher, clock)));
    started.start();
    return started;
  }

  private static String now() {
    return Long.toString(Instant.now().getEpochSecond());
  }

  /** A clock the test sets, which tells the test when the receiver has read it. */
  private static final class MovableClock extends Clock {
    private volatile Instant now;
    private final Semaphore readings = new Semaphore(0);

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    void forgetReadings() {
      readings.drainPermits();
    }

    void awaitReading() throws InterruptedException {
      assertThat(readings.tryAcquire(30, TimeUnit.SECONDS)).as("the receiver read the clock").isTrue();
    }

    @Override
    public Instant instant() {
      Instant reading = now;
      readings.release();
      return reading;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static byte[] finding(String what) {
    return ("{\"test\": \"" + what + "\", \"id\": \"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] paddedFinding(String what, int size) {
    String start = "{\"test\": \"" + what + "\", \"id\": \"" + UUID.randomUUID() + "\", \"padding\": \"";
    return (start + "x".repeat(size - start.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static HttpRequest.Builder json(byte[] body) {
    return HttpRequest.newBuilder().timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static HttpRequest.Builder signed(byte[] body, String timestamp) {
    return json(body)
        .header(SignedRequests.TIMESTAMP_HEADER, timestamp)
        .header(SignedRequests.SIGNATURE_HEADER, SignedRequests.signature(SECRET, timestamp, body));
  }

  private static HttpResponse<String> post(HttpRole receiver, String source, HttpRequest.Builder request)
      throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + receiver.port() + "/findings/" + source);
    return CLIENT.send(request.uri(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends a signed request's headers, waits until the receiver has read the clock for its timestamp check, moves the
   * clock to {@code bodyArrives} and only then sends the body, as a sender trickling it would.
   *
   * @return the status code, a space and the response body
   */
  private static String postWithBodyLater(HttpRole receiver, byte[] body, String timestamp, MovableClock clock,
      Instant bodyArrives) throws Exception {
    clock.forgetReadings();
    try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(signedHead(body, timestamp).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      clock.awaitReading();
      clock.set(bodyArrives);
      out.write(body);
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String status = response.substring(0, response.indexOf("\r\n")).split(" ")[1];
      return status + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
    }
  }

  /** The request line and headers of a signed request to {@link #SIGNED}, its body to be sent after them. */
  private static String signedHead(byte[] body, String timestamp) {
    return "POST /findings/" + SIGNED + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + SignedRequests.TIMESTAMP_HEADER + ": " + timestamp + "\r\n"
        + SignedRequests.SIGNATURE_HEADER + ": " + SignedRequests.signature(SECRET, timestamp, body) + "\r\n"
        + "Connection: close\r\n\r\n";
  }

  private static void assertRefused(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).contains("\"status\":" + status).contains(reason)
        .doesNotContain(SECRET).doesNotContain(API_KEY);
  }

  /** A later accepted request from the same source lands on the same partition after the refused one would have. */
  private static void assertNeverStored(String source, byte[] refused) throws Exception {
    byte[] sentinel = finding("sentinel");
    HttpRequest.Builder request = source.equals(KEYED)
        ? json(sentinel).header("X-Redress-Api-Key", API_KEY) : signed(sentinel, now());
    assertThat(post(role, source, request).statusCode()).isEqualTo(202);
    List<ConsumerRecord<String, byte[]>> upToSentinel = recordsOf(source, sentinel);
    assertThat(upToSentinel).hasSize(1);
    assertThat(recordsOf(source, refused)).isEmpty();
  }

  private static ConsumerRecord<String, byte[]> last(List<ConsumerRecord<String, byte[]>> records) {
    assertThat(records).isNotEmpty();
    return records.get(records.size() - 1);
  }

  /**
   * The records of a source with exactly this value, read up to the end of the topic as it is now: an accepted
   * request was acknowledged before its answer, so it is already there.
   */
  private static List<ConsumerRecord<String, byte[]>> recordsOf(String source, byte[] value) {
    var properties = config.kafka().clientProperties();
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.UNPREFIXED.findingsRaw()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 30_000;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (source.equals(record.key()) && java.util.Arrays.equals(record.value(), value)) {
            matching.add(record);
          }
        });
      }
      // A record not found must mean none was stored, not that the read stopped short of the end.
      assertThat(partitions).as("%s read to its end", Topics.UNPREFIXED.findingsRaw())
          .allSatisfy(p -> assertThat(consumer.position(p)).isGreaterThanOrEqualTo(end.get(p)));
    }
    return matching;
  }
}
