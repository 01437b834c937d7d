package io.redress.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.ConfigException;
import io.redress.config.RedressConfig.IngestSettings;
import io.redress.config.RedressConfig.SourceLimits;
import io.redress.config.SourceNames;
import io.redress.contract.Finding;
import io.redress.ingest.Normalization.Accepted;
import io.redress.ingest.Normalization.Rejected;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Turns one raw record from {@code redress.findings.raw} into normalized {@link Finding}s. The format is detected,
 * not declared by the caller: every {@link FindingReader} is asked whether it recognizes the record, and the one
 * that does reads it (none is an unknown shape; two would be an ambiguity, and is a rejection too, never a guess).
 * If any finding of a batch is malformed the whole record is rejected: the dead letter then holds the record
 * exactly as received and nothing of it was processed, so replaying a fixed record cannot duplicate findings.
 * Input is treated as hostile: its size, nesting, encoding and every field it carries are bounded before use.
 */
public final class FindingNormalizer {

  /** The default of {@code ingest.max-record-bytes}: 1 MiB, the Kafka producer's default max.request.size. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;
  /** ASFF nests about a dozen levels deep; the limit turns deeper input into a rejection, not a stack overflow. */
  static final int MAX_NESTING_DEPTH = 64;
  /** Parser messages quote at most a few hundred characters of input; this bounds them in a reason all the same. */
  private static final int MAX_PARSER_MESSAGE_LENGTH = 1_000;

  private final List<FindingReader> readers;
  private final ControlMappings mappings;
  private final ObjectMapper json;
  private final int maxRecordBytes;
  private final Map<String, SourceLimits> sources;

  /**
   * @param readers one per format; each record must be recognized by exactly one
   * @param maxRecordBytes the largest raw record accepted, in bytes ({@code ingest.max-record-bytes})
   */
  public FindingNormalizer(List<FindingReader> readers, ControlMappings mappings, int maxRecordBytes) {
    this(readers, mappings, maxRecordBytes, Map.of());
  }

  /**
   * @param sources what each named source may deliver ({@code ingest.sources})
   */
  public FindingNormalizer(List<FindingReader> readers, ControlMappings mappings, int maxRecordBytes,
      Map<String, SourceLimits> sources) {
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
    }
    if (readers.isEmpty()) {
      throw new IllegalArgumentException("at least one finding reader is needed");
    }
    this.readers = List.copyOf(readers);
    this.mappings = mappings;
    this.json = parser(maxRecordBytes);
    this.maxRecordBytes = maxRecordBytes;
    this.sources = Map.copyOf(sources);
  }

  /** Every reader on the classpath ({@code META-INF/services/io.redress.ingest.FindingReader}). */
  public static List<FindingReader> discoverReaders() {
    return ServiceLoader.load(FindingReader.class, FindingReader.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparing(reader -> reader.getClass().getName()))
        .toList();
  }

  /**
   * The discovered readers with the rule-to-control table shipped in the jar ({@value ControlMappings#BUNDLED}).
   */
  public static FindingNormalizer withBundledMappings() {
    return withBundledMappings(DEFAULT_MAX_RECORD_BYTES);
  }

  public static FindingNormalizer withBundledMappings(int maxRecordBytes) {
    return new FindingNormalizer(discoverReaders(), ControlMappings.bundled(), maxRecordBytes);
  }

  /**
   * What Redress runs with: the discovered readers, the bundled control table, and the configured record limit and
   * webhook mappings.
   *
   * @throws ConfigException naming {@code ingest.webhook-mappings} when a mapping file there is not valid
   */
  public static FindingNormalizer of(IngestSettings ingest) {
    List<FindingReader> readers = discoverReaders();
    if (ingest.webhookMappings().isPresent()) {
      Path directory = ingest.webhookMappings().get();
      try {
        WebhookReader configured = WebhookReader.withMappingsFrom(directory);
        readers = readers.stream().map(reader -> reader instanceof WebhookReader ? configured : reader).toList();
      } catch (IllegalArgumentException e) {
        throw new ConfigException("ingest.webhook-mappings", e.getMessage());
      }
    }
    return new FindingNormalizer(readers, ControlMappings.bundled(), ingest.maxRecordBytes(), ingest.sources());
  }

  /** The formats this normalizer reads, in words, one per reader. */
  public List<String> formats() {
    return readers.stream().map(FindingReader::format).toList();
  }

  /**
   * Parser limits stated rather than inherited: nesting (so a 100,000-deep array is a rejection), string and
   * document length (nothing longer than the record cap). Trailing tokens are refused so that two concatenated
   * events are a rejection, not a silently dropped second; duplicate keys so that no field has two values that
   * different readers would choose between differently.
   */
  private static ObjectMapper parser(int maxRecordBytes) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(maxRecordBytes)
            .maxDocumentLength(maxRecordBytes)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    return new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * The record value exactly as it came off the topic, delivered by no named source. Never throws: anything
   * unexpected while reading becomes a rejection too, so one poisonous record cannot stop the stream thread.
   *
   * @param payload the record value; null (a tombstone) is an empty record
   * @param receivedAt when Redress read it (the raw record's timestamp), epoch milliseconds
   */
  public Normalization normalize(byte[] payload, long receivedAt) {
    return normalize(payload, receivedAt, Optional.empty());
  }

  /**
   * As {@link #normalize(byte[], long)}, for a record that named who delivered it: the name is recorded in every
   * finding ({@code sender}), and a finding outside that source's limits rejects the record whole.
   *
   * @param sender the record's {@value SourceNames#HEADER} header as text; as untrusted as the payload
   */
  public Normalization normalize(byte[] payload, long receivedAt, Optional<String> sender) {
    byte[] bytes = payload == null ? new byte[0] : payload;
    if (bytes.length > maxRecordBytes) {
      return tooLarge(bytes.length);
    }
    try {
      return normalizeText(utf8(bytes), receivedAt, sender);
    } catch (MalformedFindingException e) {
      return new Rejected(e.getMessage());
    }
  }

  /**
   * Text already decoded, under the same rules as {@link #normalize(byte[], long)}; its size is counted in UTF-8
   * bytes, as it would be on the topic.
   */
  public Normalization normalize(String rawJson, long receivedAt) {
    long bytes = rawJson == null ? 0 : utf8Length(rawJson);
    if (bytes > maxRecordBytes) {
      return tooLarge(bytes);
    }
    return normalizeText(rawJson, receivedAt, Optional.empty());
  }

  private Normalization normalizeText(String rawJson, long receivedAt, Optional<String> sender) {
    try {
      if (sender.isPresent() && !SourceNames.isName(sender.get())) {
        throw new MalformedFindingException("the " + SourceNames.HEADER + " header "
            + Untrusted.quote(sender.get()) + " is not a source name (" + SourceNames.RULE + ")");
      }
      JsonNode root = parse(rawJson);
      List<Finding> findings = readerOf(root).read(root, new ReadContext(mappings, receivedAt));
      if (findings.isEmpty()) {
        throw new MalformedFindingException("the record carries no findings");
      }
      if (sender.isPresent()) {
        delivered(findings, sender.get());
      }
      return new Accepted(findings);
    } catch (MalformedFindingException e) {
      return new Rejected(e.getMessage());
    } catch (RuntimeException e) {
      return new Rejected("unexpected failure while normalizing: "
          + Untrusted.excerpt(e.toString(), MAX_PARSER_MESSAGE_LENGTH));
    }
  }

  /** Records who delivered the findings, and refuses them all when any is outside what that source may deliver. */
  private void delivered(List<Finding> findings, String sender) throws MalformedFindingException {
    findings.forEach(finding -> finding.setSender(sender));
    Optional<String> outside = outsideLimits(findings, sender);
    if (outside.isPresent()) {
      throw new MalformedFindingException(outside.get());
    }
  }

  /**
   * Why {@code sender} may not deliver this record, when it is readable and one of its findings is outside that
   * source's {@code ingest.sources} limits; empty when it may, when the source is not limited, and when the record
   * is unreadable (that is for the topology to dead-letter). The webhook asks before it stores a record, so that a
   * source sending what it may not is told at once.
   */
  public Optional<String> outsideLimits(byte[] payload, String sender, long receivedAt) {
    if (!sources.containsKey(sender) || payload.length > maxRecordBytes) {
      return Optional.empty();
    }
    try {
      JsonNode root = parse(utf8(payload));
      return outsideLimits(readerOf(root).read(root, new ReadContext(mappings, receivedAt)), sender);
    } catch (MalformedFindingException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Why the source that delivered a finding already read ({@code sender}) may not deliver it under these limits;
   * empty when it may, or when it names no source. What-if asks this of recorded findings.
   */
  public Optional<String> outsideLimits(Finding finding) {
    return finding.getSender() == null ? Optional.empty()
        : outsideLimits(List.of(finding), finding.getSender().toString());
  }

  private Optional<String> outsideLimits(List<Finding> findings, String sender) {
    SourceLimits limits = sources.get(sender);
    if (limits == null) {
      return Optional.empty();
    }
    for (int i = 0; i < findings.size(); i++) {
      Finding finding = findings.get(i);
      String which = findings.size() == 1 ? "its finding" : "finding " + (i + 1) + " of " + findings.size();
      if (!limits.allowsFormat(finding.getSource())) {
        return Optional.of("source '" + sender + "' may deliver only "
            + String.join(", ", limits.formats().stream().map(SourceLimits::formatName).toList())
            + " findings (ingest.sources." + sender + ".formats), and " + which + " is read as "
            + SourceLimits.formatName(finding.getSource()));
      }
      if (!limits.allowsAccount(finding.getResource().getAccount())) {
        return Optional.of("source '" + sender + "' may deliver findings only for account(s) "
            + String.join(", ", limits.accounts()) + " (ingest.sources." + sender + ".accounts), and "
            + which + " names account " + finding.getResource().getAccount());
      }
    }
    return Optional.empty();
  }

  private Rejected tooLarge(long bytes) {
    return new Rejected("record is " + bytes + " bytes, over the limit of " + maxRecordBytes
        + " bytes (ingest.max-record-bytes)");
  }

  /**
   * Strict UTF-8: a malformed byte sequence is a rejection naming where it is, never a replacement character. Most
   * records are ASCII, which is UTF-8 that cannot be malformed, and is read without the checking decoder.
   */
  private static String utf8(byte[] payload) throws MalformedFindingException {
    if (ascii(payload)) {
      return new String(payload, StandardCharsets.US_ASCII);
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(payload);
    CharBuffer out = CharBuffer.allocate(payload.length); // UTF-8 never decodes to more chars than it has bytes
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new MalformedFindingException("not UTF-8 text: a malformed sequence of " + result.length()
          + " byte(s) at byte offset " + in.position());
    }
    return out.flip().toString();
  }

  private static boolean ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private JsonNode parse(String rawJson) throws MalformedFindingException {
    if (rawJson == null || rawJson.isBlank()) {
      throw new MalformedFindingException("empty record: expected a finding event or file as JSON");
    }
    try {
      return json.readTree(rawJson);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new MalformedFindingException("not JSON: "
          + Untrusted.excerpt(e.getOriginalMessage(), MAX_PARSER_MESSAGE_LENGTH) + where);
    }
  }

  private FindingReader readerOf(JsonNode root) throws MalformedFindingException {
    List<FindingReader> recognizing = new ArrayList<>(1);
    for (FindingReader reader : readers) {
      if (reader.recognizes(root)) {
        recognizing.add(reader);
      }
    }
    if (recognizing.size() == 1) {
      return recognizing.get(0);
    }
    if (recognizing.size() > 1) {
      throw new MalformedFindingException("ambiguous record: it has the shape of several formats ("
          + String.join("; ", recognizing.stream().map(FindingReader::format).toList()) + ")");
    }
    if (root.isObject() && root.has("detail-type")) {
      throw new MalformedFindingException("EventBridge event of detail-type "
          + Untrusted.quote(root.path("detail-type").asText()) + " is not a format Redress reads; " + expectedShapes());
    }
    if (!root.isObject()) {
      throw new MalformedFindingException("expected a JSON object, got "
          + root.getNodeType().name().toLowerCase(Locale.ROOT) + ": " + expectedShapes());
    }
    List<String> fields = new ArrayList<>();
    root.fieldNames().forEachRemaining(fields::add);
    throw new MalformedFindingException("unknown shape: an object with fields " + Untrusted.excerpt(fields.toString())
        + "; " + expectedShapes());
  }

  private String expectedShapes() {
    return "expected one of: " + String.join("; ", formats());
  }
}
