package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one finding in the AWS Security Finding Format (ASFF) into a {@link Finding}. Fields the rest of Redress
 * cannot do without (Id, AwsAccountId, GeneratorId, Title, Severity, Resources[0] with Type and Id, a region, a
 * timestamp) make the finding malformed when missing; everything else has a documented fallback.
 */
final class AsffFindingReader {

  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Set<String> CLOSED_WORKFLOW = Set.of("RESOLVED", "SUPPRESSED");
  /** Prowler's ASFF output names its check {@code prowler-<check id>}; the PROWLER rows of the table then apply. */
  private static final String PROWLER_GENERATOR_PREFIX = "prowler-";
  /**
   * ASFF has no field for who caused a finding, and guessing from ProductFields or resource details (owner ids are
   * canonical user ids, not principals) would send lessons to the wrong person. The actor is therefore null unless
   * a producer that knows it sets this user-defined field; the creator lookup fills the gap downstream.
   */
  static final String ACTOR_FIELD = "redress:actor";

  private final ControlMappings mappings;

  AsffFindingReader(ControlMappings mappings) {
    this.mappings = mappings;
  }

  Finding read(JsonNode asff, String position, long receivedAt) throws MalformedFindingException {
    if (!asff.isObject()) {
      throw new MalformedFindingException(position + " is not a JSON object");
    }
    String id = text(asff, "Id").orElseThrow(() -> new MalformedFindingException(position + " has no Id"));
    String finding = position + " (id " + id + ")";
    String ruleId = required(asff, "GeneratorId", finding);
    return Finding.newBuilder()
        .setFindingId(id)
        .setSource(FindingSource.SECURITY_HUB)
        .setProduct(product(asff))
        .setRuleId(ruleId)
        .setControl(control(asff, ruleId).orElse(null))
        .setTitle(required(asff, "Title", finding))
        .setDescription(text(asff, "Description").orElse(null))
        .setSeverity(severity(asff.path("Severity"), finding))
        .setCompliance(compliance(asff, finding))
        .setActive(active(asff))
        .setResource(resource(asff, finding))
        .setActor(text(asff.path("UserDefinedFields"), ACTOR_FIELD).orElse(null))
        .setObservedAt(observedAt(asff, finding))
        .setReceivedAt(Instant.ofEpochMilli(receivedAt))
        .build();
  }

  private static String product(JsonNode asff) {
    return text(asff, "ProductName")
        .or(() -> text(asff.path("ProductFields"), "aws/securityhub/ProductName"))
        .orElse("Security Hub");
  }

  /**
   * The canonical control id, most authoritative source first. Consolidated control findings carry
   * Compliance.SecurityControlId. Older per-standard findings carry ProductFields.ControlId, which is canonical for
   * AWS Foundational Security Best Practices but standard-specific ("2.1.5.2", "PCI.S3.1") elsewhere, so it is only
   * taken when it looks like a control id; the GeneratorId's last segment likewise. The table comes last.
   */
  Optional<String> control(JsonNode asff, String ruleId) {
    return text(asff.path("Compliance"), "SecurityControlId")
        .or(() -> text(asff.path("ProductFields"), "ControlId").filter(ControlMappings::isControlId))
        .or(() -> Optional.of(ruleId.substring(ruleId.lastIndexOf('/') + 1)).filter(ControlMappings::isControlId))
        .or(() -> mappings.control(FindingSource.SECURITY_HUB, ruleId))
        .or(() -> ruleId.startsWith(PROWLER_GENERATOR_PREFIX)
            ? mappings.control(FindingSource.PROWLER, ruleId.substring(PROWLER_GENERATOR_PREFIX.length()))
            : Optional.empty());
  }

  private static Severity severity(JsonNode severity, String finding) throws MalformedFindingException {
    Optional<String> label = text(severity, "Label");
    if (label.isPresent()) {
      try {
        return Severity.valueOf(label.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new MalformedFindingException(finding + " has Severity.Label '" + label.get() + "', not one of "
            + Arrays.toString(Severity.values()));
      }
    }
    JsonNode normalized = severity.path("Normalized");
    if (normalized.isMissingNode() || normalized.isNull()) {
      throw new MalformedFindingException(finding + " has no Severity.Label or Severity.Normalized");
    }
    if (!normalized.isIntegralNumber() || normalized.asInt() < 0 || normalized.asInt() > 100) {
      throw new MalformedFindingException(finding + " has Severity.Normalized " + normalized
          + ", not a whole number from 0 to 100");
    }
    return severityOf(normalized.asInt());
  }

  /** The bands Security Hub itself uses to derive a label from a normalized score. */
  static Severity severityOf(int normalized) {
    if (normalized == 0) {
      return Severity.INFORMATIONAL;
    } else if (normalized < 40) {
      return Severity.LOW;
    } else if (normalized < 70) {
      return Severity.MEDIUM;
    } else if (normalized < 90) {
      return Severity.HIGH;
    }
    return Severity.CRITICAL;
  }

  private static ComplianceStatus compliance(JsonNode asff, String finding) throws MalformedFindingException {
    Optional<String> status = text(asff.path("Compliance"), "Status");
    if (status.isEmpty()) {
      return ComplianceStatus.NOT_AVAILABLE;
    }
    try {
      return ComplianceStatus.valueOf(status.get());
    } catch (IllegalArgumentException e) {
      throw new MalformedFindingException(finding + " has Compliance.Status '" + status.get() + "', not one of "
          + Arrays.toString(ComplianceStatus.values()));
    }
  }

  /**
   * Archived, resolved or suppressed findings are history, not work. Workflow.Status is what BatchUpdateFindings
   * changes today; the older WorkflowState is read only when a producer sends no Workflow object.
   */
  private static boolean active(JsonNode asff) {
    boolean archived = text(asff, "RecordState").filter("ARCHIVED"::equals).isPresent();
    Optional<String> workflow = text(asff.path("Workflow"), "Status").or(() -> text(asff, "WorkflowState"));
    return !archived && workflow.filter(CLOSED_WORKFLOW::contains).isEmpty();
  }

  /** Security Hub control findings name exactly one resource; a finding about several is about the first. */
  private static Resource resource(JsonNode asff, String finding) throws MalformedFindingException {
    JsonNode resources = asff.path("Resources");
    if (!resources.isArray() || resources.isEmpty()) {
      throw new MalformedFindingException(finding + " has no Resources");
    }
    JsonNode first = resources.get(0);
    String account = required(asff, "AwsAccountId", finding);
    if (!ACCOUNT_ID.matcher(account).matches()) {
      throw new MalformedFindingException(finding + " has AwsAccountId '" + account + "', not a twelve-digit account id");
    }
    return Resource.newBuilder()
        .setType(text(first, "Type").orElseThrow(() -> new MalformedFindingException(finding + " has no Resources[0].Type")))
        .setId(text(first, "Id").orElseThrow(() -> new MalformedFindingException(finding + " has no Resources[0].Id")))
        .setPartition(text(first, "Partition").orElse("aws"))
        .setRegion(text(first, "Region").or(() -> text(asff, "Region")).orElseThrow(
            () -> new MalformedFindingException(finding + " has no region (neither Resources[0].Region nor Region)")))
        .setAccount(account)
        .setTags(tags(first.path("Tags"), finding))
        .build();
  }

  private static Map<String, String> tags(JsonNode tags, String finding) throws MalformedFindingException {
    if (tags.isMissingNode() || tags.isNull()) {
      return Map.of();
    }
    if (!tags.isObject()) {
      throw new MalformedFindingException(finding + " has Resources[0].Tags that is not an object of key to value");
    }
    Map<String, String> byKey = new LinkedHashMap<>();
    tags.fields().forEachRemaining(tag -> byKey.put(tag.getKey(), tag.getValue().asText()));
    return byKey;
  }

  /** When the source last saw the condition; CreatedAt only for producers that leave UpdatedAt out. */
  private static Instant observedAt(JsonNode asff, String finding) throws MalformedFindingException {
    String field = asff.hasNonNull("UpdatedAt") ? "UpdatedAt" : "CreatedAt";
    String timestamp = text(asff, field).orElseThrow(
        () -> new MalformedFindingException(finding + " has neither UpdatedAt nor CreatedAt"));
    try {
      // Avro keeps milliseconds; truncating here keeps a finding equal to itself after a round trip.
      return OffsetDateTime.parse(timestamp).toInstant().truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw new MalformedFindingException(finding + " has " + field + " '" + timestamp
          + "', not an ISO-8601 timestamp with offset such as 2025-11-20T09:14:07.123Z");
    }
  }

  private static String required(JsonNode asff, String field, String finding) throws MalformedFindingException {
    return text(asff, field).orElseThrow(() -> new MalformedFindingException(finding + " has no " + field));
  }

  /** A scalar field as text; absent, null, blank and non-scalar values all count as missing. */
  private static Optional<String> text(JsonNode parent, String field) {
    JsonNode value = parent.path(field);
    if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }
}
