package io.redress.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.redress.config.HttpSettings;
import io.redress.config.HttpSettings.WebhookSource;
import io.redress.config.RedressConfig.IngestSettings;
import io.redress.http.RawFindingPublisher.NotAcknowledged;
import io.redress.ingest.FindingNormalizer;
import io.redress.operations.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /findings/{source}}: a CSPM or EventBridge API destination delivers findings as JSON; each accepted
 * body becomes one record on {@code redress.findings.raw}, answered 202 only once Kafka acknowledged it.
 *
 * <p>The checks run cheapest first and all of them before anything is sent: an unknown source (404), a body that
 * is not declared JSON (415) or is too large (413), a missing or wrong API key or signature, a timestamp outside the
 * replay window (401), a body arriving too slowly (408), a body that is not JSON (400), a finding the source may not
 * deliver ({@code ingest.sources}, 403), a signature already used or whose window passed while the body was arriving
 * (401). Error bodies say what is wrong and never contain a secret;
 * nothing about a secret is logged.
 */
public final class WebhookRoutes implements HttpRoutes {

  private static final Logger log = LoggerFactory.getLogger(WebhookRoutes.class);
  /** Signatures remembered at most: a day of one signed request a second within a 5-minute window is 300. */
  static final int REMEMBERED_SIGNATURES = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory PARSER = new JsonFactory();
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final int QUOTED_CHARACTERS = 200;

  private final HttpSettings settings;
  private final int bodyLimit;
  private final RawFindingPublisher publisher;
  private final FindingNormalizer normalizer;
  private final Clock clock;
  private final ReplayGuard replays;

  /**
   * @param ingest what the topology will refuse that is refused here already: a body over
   *     {@code ingest.max-record-bytes}, a finding outside its source's {@code ingest.sources} limits
   * @param publisher closed with these routes
   */
  public WebhookRoutes(HttpSettings settings, IngestSettings ingest, RawFindingPublisher publisher, Clock clock) {
    this.settings = settings;
    this.bodyLimit = Math.min(settings.maxBodyBytes(), ingest.maxRecordBytes());
    this.publisher = publisher;
    this.normalizer = FindingNormalizer.of(ingest);
    // A limit under a name no webhook source has limits nothing here: a misspelled name leaves its source open.
    ingest.sources().keySet().stream().filter(name -> settings.source(name).isEmpty()).sorted()
        .forEach(name -> log.warn("ingest.sources.{} limits a source http.sources does not name: only records of"
            + " `./redress import --source {}` carry that name; if it is meant for a webhook source, its name is"
            + " misspelled and that source is not limited", name, name));
    this.clock = clock;
    this.replays = new ReplayGuard(settings.replayWindow(), REMEMBERED_SIGNATURES);
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post("/findings/{source}", this::receive);
  }

  private void receive(Context ctx) {
    String name = ctx.pathParam("source");
    try {
      WebhookSource source = settings.source(name)
          .orElseThrow(() -> new Refusal(404, "no webhook source of that name is configured (http.sources)"));
      requireJsonContentType(ctx);
      requireDeclaredLengthWithinLimit(ctx);
      source.apiKey().ifPresent(key -> requireApiKey(ctx, source.apiKeyHeader(), key));
      Optional<Instant> signedAt = source.hmacSecret().map(secret -> signedAt(ctx));
      byte[] body = readBody(ctx);
      Optional<String> signature = source.hmacSecret().map(secret -> requireSignature(ctx, secret, body));
      requireJson(body);
      requireWithinLimits(name, body);
      signature.ifPresent(value -> reserve(name, value, signedAt.orElseThrow()));
      publish(ctx, name, body, signature);
    } catch (Refusal refusal) {
      log.info("webhook request to {} from {} refused ({}): {}",
          settings.source(name).isPresent() ? name : "an unknown source", ctx.ip(), refusal.status, refusal.reason);
      respond(ctx, refusal.status, refusal.reason);
      refusal.retryAfter.ifPresent(after -> ctx.header("Retry-After", Long.toString(after.toSeconds())));
    }
  }

  /** Stored anyway, the record would be dead-lettered; refused, its sender hears why. */
  private void requireWithinLimits(String name, byte[] body) {
    normalizer.outsideLimits(body, name, clock.millis()).ifPresent(reason -> {
      throw new Refusal(403, reason);
    });
  }

  private static void requireJsonContentType(Context ctx) {
    // The header as sent: the servlet's reading of it throws on a charset that does not exist, which JSON ignores.
    String contentType = ctx.header(Header.CONTENT_TYPE);
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json") && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
      throw new Refusal(415, "Content-Type must be application/json");
    }
  }

  private void requireDeclaredLengthWithinLimit(Context ctx) {
    if (ctx.req().getContentLengthLong() > bodyLimit) {
      throw tooLarge();
    }
  }

  private static void requireApiKey(Context ctx, String header, String expected) {
    String given = ctx.header(header);
    if (given == null || given.isEmpty()) {
      throw new Refusal(401, "missing API key header " + header);
    }
    if (!SignedRequests.sameKey(expected, given)) {
      throw new Refusal(401, "the API key does not match");
    }
  }

  private Instant signedAt(Context ctx) {
    String timestamp = ctx.header(SignedRequests.TIMESTAMP_HEADER);
    if (timestamp == null || timestamp.isEmpty()) {
      throw new Refusal(401, "missing header " + SignedRequests.TIMESTAMP_HEADER);
    }
    if (!timestamp.matches("\\d{1,12}")) {
      throw new Refusal(401, SignedRequests.TIMESTAMP_HEADER + " must be the time in Unix seconds");
    }
    Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
    // Refused cheaply before the body is read; the replay guard judges the window again when the body has arrived.
    Duration skew = Duration.between(signedAt, clock.instant());
    if (skew.abs().compareTo(settings.replayWindow()) >= 0) {
      throw outsideWindow(skew);
    }
    return signedAt;
  }

  /** @param skew how long before now the request was signed; negative for a timestamp in the future */
  private Refusal outsideWindow(Duration skew) {
    return new Refusal(401, SignedRequests.TIMESTAMP_HEADER + " is " + skew.abs().toSeconds() + " s "
        + (skew.isNegative() ? "in the future" : "old") + "; only requests signed less than "
        + settings.replayWindow().toSeconds() + " s from now are accepted");
  }

  private byte[] readBody(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(bodyLimit + 1);
      if (body.length > bodyLimit) {
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw new Refusal(400, "the body could not be read: " + e.getMessage());
    } catch (BadMessageException e) { // arriving slower than the server's minimum rate (see HttpRole)
      throw new Refusal(e.getCode(), "the body arrived too slowly: " + e.getReason());
    }
  }

  private static String requireSignature(Context ctx, String secret, byte[] body) {
    String header = ctx.header(SignedRequests.SIGNATURE_HEADER);
    if (header == null || header.isEmpty()) {
      throw new Refusal(401, "missing header " + SignedRequests.SIGNATURE_HEADER);
    }
    byte[] digest = SignedRequests.digest(header).orElseThrow(() -> new Refusal(401,
        SignedRequests.SIGNATURE_HEADER + " must be sha256= followed by 64 hex digits"));
    if (!SignedRequests.matches(secret, ctx.header(SignedRequests.TIMESTAMP_HEADER), body, digest)) {
      throw new Refusal(401, "the signature does not match the timestamp and body");
    }
    return header.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The topology reads any JSON in UTF-8; what it cannot read at all is the sender's mistake, said to the sender
   * rather than answered "stored" and dead-lettered. Jackson would read a byte-order mark, UTF-16 or UTF-32 from bytes,
   * and the topology reads none of them, so the body is decoded as strict UTF-8 first and parsed as text.
   */
  static void requireJson(byte[] body) {
    if (body.length >= UTF8_BOM.length && Arrays.equals(body, 0, UTF8_BOM.length, UTF8_BOM, 0, UTF8_BOM.length)) {
      throw new Refusal(400, "the body begins with a byte-order mark: send UTF-8 without one");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new Refusal(400, "the body is not UTF-8 text");
    }
    try (JsonParser parser = PARSER.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
        throw new Refusal(400, "the body is not a JSON object or array");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new Refusal(400, "the body holds more than one JSON value");
      }
    } catch (JsonProcessingException e) {
      throw new Refusal(400, "the body is not JSON: " + quoted(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new Refusal(400, "the body could not be read: " + e.getMessage());
    }
  }

  private void reserve(String source, String signature, Instant signedAt) {
    Instant now = clock.instant();
    switch (replays.reserve(source, signature, signedAt, now)) {
      case FRESH -> { }
      case EXPIRED -> throw outsideWindow(Duration.between(signedAt, now));
      case REPLAYED -> throw new Refusal(401, "this signature was used before: each signed request is accepted once");
      case FULL -> throw new Refusal(429, "too many signed requests within the replay window; try again later",
          settings.replayWindow());
      default -> throw new IllegalStateException();
    }
  }

  private void publish(Context ctx, String source, byte[] body, Optional<String> signature) {
    RecordMetadata stored;
    try {
      stored = publisher.publish(source, body);
    } catch (NotAcknowledged e) {
      signature.ifPresent(value -> replays.release(source, value));
      log.warn("webhook request to {}: not stored: {}", source, e.getMessage());
      if (e.tooLarge()) {
        throw new Refusal(413, "the finding is larger than the Kafka topic accepts");
      }
      throw new Refusal(503, "Kafka did not acknowledge the finding within " + publisher.ackTimeout().toSeconds()
          + " s, so it may not be stored: send it again (a finding received twice is decided as a duplicate)",
          Duration.ofSeconds(30));
    }
    log.debug("webhook request to {}: stored at {}-{}@{}", source, stored.topic(), stored.partition(), stored.offset());
    ObjectNode accepted = JSON.createObjectNode()
        .put("status", 202)
        .put("source", source)
        .put("topic", stored.topic())
        .put("partition", stored.partition())
        .put("offset", stored.offset());
    ctx.status(202).contentType("application/json").result(accepted.toString());
  }

  private Refusal tooLarge() {
    return new Refusal(413, "the body is larger than " + bodyLimit + " bytes");
  }

  private static void respond(Context ctx, int status, String error) {
    ObjectNode body = JSON.createObjectNode().put("status", status).put("error", error);
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  private static String quoted(String text) {
    return Printable.cut(text, QUOTED_CHARACTERS);
  }

  @Override
  public void close() {
    publisher.close();
  }

  /** A request turned away: the status and what the sender should know. */
  private static final class Refusal extends RuntimeException {
    private final int status;
    private final String reason;
    private final Optional<Duration> retryAfter;

    Refusal(int status, String reason) {
      this(status, reason, null);
    }

    Refusal(int status, String reason, Duration retryAfter) {
      super(reason, null, false, false);
      this.status = status;
      this.reason = reason;
      this.retryAfter = Optional.ofNullable(retryAfter);
    }
  }
}
