package io.redress.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.Severity;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one vendor's webhook payload maps onto a finding, as data: which payloads it applies to ({@code match}),
 * where the findings are ({@code findings}), where each field of a finding is ({@code fields}, JSON pointers
 * relative to one finding), how the vendor's values translate ({@code values.status}, {@code values.severity}),
 * and the vendor's rules and resource types in Redress's terms ({@code controls}, {@code resourceTypes}). The
 * README's "Sources" section documents the format; {@code webhooks/redress.json} is Redress's own format expressed
 * in it.
 */
record WebhookMapping(
    String name,
    String product,
    Map<JsonPointer, String> match,
    JsonPointer findings,
    Map<String, JsonPointer> fields,
    Map<String, String> statuses,
    Map<String, String> severities,
    Map<String, String> controls,
    Map<String, String> resourceTypes) {

  /** A CloudFormation type ({@code AWS::S3::Bucket}) or an ASFF one ({@code AwsS3Bucket}). */
  private static final Pattern RESOURCE_TYPE = Pattern.compile("AWS(?:::[A-Za-z0-9]+){2,3}|AWS::::Account|[A-Z][A-Za-z0-9]{1,255}");
  /** The value in {@code match} that any non-empty string satisfies. */
  static final String ANY = "*";
  static final Set<String> REQUIRED_FIELDS =
      Set.of("id", "rule", "title", "status", "resourceType", "resourceId", "account", "region", "observedAt");
  static final Set<String> OPTIONAL_FIELDS =
      Set.of("control", "description", "severity", "kind", "product", "partition", "tags");
  static final Set<String> STATUSES = Set.of("FAILED", "PASSED", "WARNING", "NOT_AVAILABLE", "SUPPRESSED");
  private static final Set<String> KEYS = Set.of("name", "description", "product", "match", "findings", "fields",
      "values", "controls", "resourceTypes");
  private static final Set<String> VALUE_KEYS = Set.of("status", "severity");

  /** Whether {@code record} is this vendor's payload: every pointer in {@code match} has its value. */
  boolean matches(JsonNode record) {
    return match.entrySet().stream().allMatch(expected -> {
      JsonNode value = record.at(expected.getKey());
      return value.isTextual() && (ANY.equals(expected.getValue())
          ? !value.textValue().isBlank() : expected.getValue().equals(value.textValue()));
    });
  }

  Optional<JsonPointer> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  /**
   * A key given twice would be read as its last, silently: a second {@code name} replacing a bundled format, a second
   * {@code fields.account} moving where the account is read. A mapping decides which account a finding is about, so
   * it is read as strictly as a finding.
   */
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Parses a mapping file; a broken one fails at start, naming the file and what is wrong. */
  static WebhookMapping parse(String json, String origin) {
    JsonNode root;
    try {
      root = STRICT.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(origin + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(origin + ": expected a JSON object");
    }
    root.fieldNames().forEachRemaining(key -> {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(origin + ": unknown key '" + key + "'; one of " + KEYS);
      }
    });
    Map<String, JsonPointer> fields = new LinkedHashMap<>();
    strings(root.path("fields"), origin + " fields").forEach((field, pointer) -> {
      if (!REQUIRED_FIELDS.contains(field) && !OPTIONAL_FIELDS.contains(field)) {
        throw new IllegalArgumentException(origin + ": unknown field '" + field + "'; fields are "
            + REQUIRED_FIELDS + " and optionally " + OPTIONAL_FIELDS);
      }
      fields.put(field, pointer(pointer, origin));
    });
    List<String> missing = REQUIRED_FIELDS.stream().filter(field -> !fields.containsKey(field)).sorted().toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(origin + ": fields " + missing + " are required");
    }
    if (!root.path("values").isMissingNode() && !root.path("values").isObject()) {
      throw new IllegalArgumentException(origin + ": 'values' is an object of " + VALUE_KEYS);
    }
    root.path("values").fieldNames().forEachRemaining(key -> {
      if (!VALUE_KEYS.contains(key)) {
        throw new IllegalArgumentException(origin + ": unknown key 'values." + key + "'; one of " + VALUE_KEYS);
      }
    });
    Map<String, String> statuses = strings(root.path("values").path("status"), origin + " values.status");
    statuses.forEach((vendor, status) -> {
      if (!STATUSES.contains(status)) {
        throw new IllegalArgumentException(origin + ": values.status maps '" + vendor + "' to '" + status
            + "'; one of " + STATUSES);
      }
    });
    Map<String, String> severities = strings(root.path("values").path("severity"), origin + " values.severity");
    severities.forEach((vendor, severity) -> {
      if (Arrays.stream(Severity.values()).noneMatch(known -> known.name().equals(severity))) {
        throw new IllegalArgumentException(origin + ": values.severity maps '" + vendor + "' to '" + severity
            + "'; one of " + Arrays.toString(Severity.values()));
      }
    });
    Map<String, String> resourceTypes = strings(root.path("resourceTypes"), origin + " resourceTypes");
    resourceTypes.forEach((vendor, type) -> {
      if (!RESOURCE_TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException(origin + ": resourceTypes maps '" + vendor + "' to '" + type
            + "', not a resource type such as AWS::S3::Bucket or AwsS3Bucket");
      }
    });
    if (!root.path("findings").isMissingNode() && !root.path("findings").isTextual()) {
      throw new IllegalArgumentException(origin + ": 'findings' is a JSON pointer string such as /findings");
    }
    Map<String, String> controls = strings(root.path("controls"), origin + " controls");
    controls.forEach((rule, control) -> {
      if (!ControlMappings.isControlId(control)) {
        throw new IllegalArgumentException(origin + ": controls maps '" + rule + "' to '" + control
            + "', not a control id such as S3.8");
      }
    });
    Map<JsonPointer, String> match = new LinkedHashMap<>();
    strings(root.path("match"), origin + " match").forEach((pointer, value) -> match.put(pointer(pointer, origin), value));
    if (match.isEmpty()) {
      throw new IllegalArgumentException(origin + ": match is required, so that the mapping claims only its payloads");
    }
    return new WebhookMapping(text(root, "name", origin), text(root, "product", origin), match,
        pointer(root.path("findings").asText(""), origin), fields, statuses, severities, controls, resourceTypes);
  }

  private static String text(JsonNode root, String key, String origin) {
    if (!root.path(key).isTextual() || root.path(key).textValue().isBlank()) {
      throw new IllegalArgumentException(origin + ": '" + key + "' is required, a string");
    }
    return root.path(key).textValue();
  }

  private static Map<String, String> strings(JsonNode node, String where) {
    Map<String, String> values = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return values;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": expected an object of strings");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        throw new IllegalArgumentException(where + ": '" + entry.getKey() + "' is not a string");
      }
      values.put(entry.getKey(), entry.getValue().textValue());
    }
    return values;
  }

  private static JsonPointer pointer(String text, String origin) {
    try {
      return JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": '" + text + "' is not a JSON pointer such as /resource/id", e);
    }
  }
}
