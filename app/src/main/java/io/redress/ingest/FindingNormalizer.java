package io.redress.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.Finding;
import io.redress.ingest.Normalization.Accepted;
import io.redress.ingest.Normalization.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one raw Security Hub record from {@code redress.findings.raw} into normalized {@link Finding}s. The shape
 * is detected, not declared by the caller:
 * <ul>
 *   <li>an EventBridge event with {@code "detail-type": "Security Hub Findings - Imported"} and
 *       {@code detail.findings[]} (what Security Hub emits, through SQS or an API destination);</li>
 *   <li>a bare ASFF batch {@code {"Findings": [...]}} (the body of {@code BatchImportFindings});</li>
 *   <li>a single ASFF finding object (it has {@code SchemaVersion} and {@code Id}).</li>
 * </ul>
 * If any finding of a batch is malformed the whole record is rejected: the dead letter then holds the record
 * exactly as received and nothing of it was processed, so replaying a fixed record cannot duplicate findings.
 */
public final class FindingNormalizer {

  static final String IMPORTED_DETAIL_TYPE = "Security Hub Findings - Imported";

  /** Trailing tokens are refused so that two concatenated events are a rejection, not a silently dropped second. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final AsffFindingReader reader;

  public FindingNormalizer(ControlMappings mappings) {
    this.reader = new AsffFindingReader(mappings);
  }

  /** A normalizer using the rule-to-control table shipped in the jar ({@value ControlMappings#BUNDLED}). */
  public static FindingNormalizer withBundledMappings() {
    return new FindingNormalizer(ControlMappings.bundled());
  }

  /** Raw bytes as read from Kafka; they must be UTF-8 text. */
  public Normalization normalize(byte[] payload, long receivedAt) {
    try {
      String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(payload)).toString();
      return normalize(text, receivedAt);
    } catch (java.nio.charset.CharacterCodingException e) {
      return new Rejected("not UTF-8 text: " + e.getMessage());
    }
  }

  /**
   * Never throws: anything unexpected while reading becomes a rejection too, so one poisonous record cannot stop
   * the stream thread.
   *
   * @param rawJson the record value exactly as received
   * @param receivedAt when Redress read it (the raw record's timestamp), epoch milliseconds
   */
  public Normalization normalize(String rawJson, long receivedAt) {
    try {
      JsonNode findings = findingsIn(parse(rawJson));
      List<Finding> normalized = new ArrayList<>(findings.size());
      for (int i = 0; i < findings.size(); i++) {
        String position = "finding " + (i + 1) + " of " + findings.size();
        normalized.add(reader.read(findings.get(i), position, receivedAt));
      }
      return new Accepted(normalized);
    } catch (MalformedFindingException e) {
      return new Rejected(e.getMessage());
    } catch (RuntimeException e) {
      return new Rejected("unexpected failure while normalizing: " + e);
    }
  }

  private static JsonNode parse(String rawJson) throws MalformedFindingException {
    if (rawJson == null || rawJson.isBlank()) {
      throw new MalformedFindingException("empty record: expected a Security Hub event or ASFF finding as JSON");
    }
    try {
      return JSON.readTree(rawJson);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new MalformedFindingException("not JSON: " + e.getOriginalMessage() + where);
    }
  }

  private static JsonNode findingsIn(JsonNode root) throws MalformedFindingException {
    if (!root.isObject()) {
      throw new MalformedFindingException("expected a JSON object, got " + root.getNodeType().name().toLowerCase(Locale.ROOT)
          + ": " + expectedShapes());
    }
    if (root.has("detail-type")) {
      String detailType = root.path("detail-type").asText();
      if (!IMPORTED_DETAIL_TYPE.equals(detailType)) {
        throw new MalformedFindingException("EventBridge event of detail-type '" + detailType
            + "' is not a Security Hub findings import (expected '" + IMPORTED_DETAIL_TYPE + "')");
      }
      return nonEmptyArray(root.path("detail").path("findings"), "detail.findings");
    }
    if (root.has("Findings")) {
      return nonEmptyArray(root.get("Findings"), "Findings");
    }
    if (root.has("SchemaVersion") && root.has("Id")) {
      return JSON.createArrayNode().add(root);
    }
    List<String> fields = new ArrayList<>();
    root.fieldNames().forEachRemaining(fields::add);
    throw new MalformedFindingException("unknown shape: an object with fields " + fields + "; " + expectedShapes());
  }

  private static JsonNode nonEmptyArray(JsonNode node, String path) throws MalformedFindingException {
    if (node.isMissingNode() || node.isNull()) {
      throw new MalformedFindingException("the event has no " + path);
    }
    if (!node.isArray()) {
      throw new MalformedFindingException(path + " is not an array");
    }
    if (node.isEmpty()) {
      throw new MalformedFindingException(path + " is empty: the record carries no findings");
    }
    return node;
  }

  private static String expectedShapes() {
    return "expected an EventBridge '" + IMPORTED_DETAIL_TYPE + "' event, an ASFF batch {\"Findings\": [...]}"
        + " or a single ASFF finding (with SchemaVersion and Id)";
  }
}
