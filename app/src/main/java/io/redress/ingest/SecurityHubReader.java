package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.redress.contract.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Security Hub (v1) in the AWS Security Finding Format:
 * <ul>
 *   <li>an EventBridge event with {@code "detail-type": "Security Hub Findings - Imported"} and
 *       {@code detail.findings[]} (what Security Hub emits, through SQS or an API destination);</li>
 *   <li>an EventBridge event with {@code "detail-type": "Security Hub Findings - Custom Action"}: a person chose a
 *       custom action on these findings in the console. Each finding becomes an explicit request
 *       ({@link Finding#getRequest()} names the action), which still passes exceptions, policy and breaker;</li>
 *   <li>a bare ASFF batch {@code {"Findings": [...]}} (the body of {@code BatchImportFindings}, Prowler's ASFF
 *       output);</li>
 *   <li>a single ASFF finding object (it has {@code SchemaVersion} and {@code Id}).</li>
 * </ul>
 */
public final class SecurityHubReader implements FindingReader {

  static final String IMPORTED = "Security Hub Findings - Imported";
  static final String CUSTOM_ACTION = "Security Hub Findings - Custom Action";
  private static final Set<String> DETAIL_TYPES = Set.of(IMPORTED, CUSTOM_ACTION);

  @Override
  public String format() {
    return "Security Hub ASFF (EventBridge '" + IMPORTED + "' or '" + CUSTOM_ACTION + "' event, {\"Findings\": [...]}"
        + " batch, or one finding with SchemaVersion and Id)";
  }

  @Override
  public boolean recognizes(JsonNode record) {
    if (record.has("detail-type")) {
      return DETAIL_TYPES.contains(record.path("detail-type").asText());
    }
    return record.has("Findings") || record.has("SchemaVersion") && record.has("Id");
  }

  @Override
  public List<Finding> read(JsonNode record, ReadContext context) throws MalformedFindingException {
    AsffFindingReader reader = new AsffFindingReader(context.mappings());
    String request = customAction(record).orElse(null);
    String requestId = request == null ? null : eventId(record).orElse(null);
    JsonNode findings = findingsIn(record);
    List<Finding> normalized = new ArrayList<>(findings.size());
    for (int i = 0; i < findings.size(); i++) {
      String position = "finding " + (i + 1) + " of " + findings.size();
      Finding finding = reader.read(findings.get(i), position, context.receivedAt(), request);
      finding.setRequestId(requestId);
      normalized.add(finding);
    }
    return normalized;
  }

  /** The EventBridge event's id: the same on every delivery of one event, so a redelivered request is recognised. */
  private static Optional<String> eventId(JsonNode record) throws MalformedFindingException {
    JsonFields event = JsonFields.finding(record, "the custom action event");
    Optional<String> id = event.string("id");
    return id.isPresent() ? Optional.of(Limits.identifier(event, "id", id.get())) : Optional.empty();
  }

  /** The custom action's name: what the person chose, kept for the audit trail. */
  private static Optional<String> customAction(JsonNode record) throws MalformedFindingException {
    if (!CUSTOM_ACTION.equals(record.path("detail-type").asText())) {
      return Optional.empty();
    }
    JsonFields detail = JsonFields.finding(record.path("detail"), "the custom action event's detail");
    return Optional.of(Limits.identifier(detail, "actionName"));
  }

  private static JsonNode findingsIn(JsonNode record) throws MalformedFindingException {
    if (record.has("detail-type")) {
      return Batches.nonEmptyArray(record.path("detail").path("findings"), "detail.findings");
    }
    if (record.has("Findings")) {
      return Batches.nonEmptyArray(record.get("Findings"), "Findings");
    }
    return JsonNodeFactory.instance.arrayNode().add(record);
  }
}
