package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.FindingSource;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one finding in the Open Cybersecurity Schema Framework (OCSF) as Prowler ({@code -M json-ocsf}) and Security
 * Hub v2 write it: a Detection or Compliance Finding with {@code finding_info.uid}, the check in
 * {@code metadata.event_code} (Prowler) or {@code compliance.control} (Security Hub), the verdict in
 * {@code status_code} (PASS, FAIL, MANUAL) or {@code compliance.status}, the workflow state in {@code status}
 * (New, In Progress, Suppressed, Resolved), the account in {@code cloud.account.uid} and the resource in
 * {@code resources[0]}.
 *
 * <p>A suppressed finding (Prowler's muted findings are written with {@code status} Suppressed) is inactive and
 * never acts, whatever its status code says.
 */
final class OcsfFindingReader {

  /** A CloudTrail trail ARN that names no trail. */
  private static final Pattern NO_TRAIL = Pattern.compile("arn:([^:]+):cloudtrail:([^:]*):([^:]*):trail/?");
  private static final Set<String> CLOSED_STATUS = Set.of("SUPPRESSED", "RESOLVED", "ARCHIVED", "DELETED");
  /** OCSF status_id: 3 Suppressed, 4 Resolved, 5 Archived, 6 Deleted. */
  private static final Set<Integer> CLOSED_STATUS_IDS = Set.of(3, 4, 5, 6);
  private static final Map<String, ComplianceStatus> VERDICTS = Map.of(
      "FAIL", ComplianceStatus.FAILED, "FAILED", ComplianceStatus.FAILED,
      "PASS", ComplianceStatus.PASSED, "PASSED", ComplianceStatus.PASSED,
      "WARNING", ComplianceStatus.WARNING,
      "MANUAL", ComplianceStatus.NOT_AVAILABLE, "UNKNOWN", ComplianceStatus.NOT_AVAILABLE,
      "NOT_AVAILABLE", ComplianceStatus.NOT_AVAILABLE, "OTHER", ComplianceStatus.NOT_AVAILABLE);
  private static final Map<String, Severity> SEVERITIES = Map.of(
      "INFORMATIONAL", Severity.INFORMATIONAL, "UNKNOWN", Severity.INFORMATIONAL, "OTHER", Severity.INFORMATIONAL,
      "LOW", Severity.LOW, "MEDIUM", Severity.MEDIUM, "HIGH", Severity.HIGH,
      "CRITICAL", Severity.CRITICAL, "FATAL", Severity.CRITICAL);
  private static final String GUARDDUTY = "GUARDDUTY";

  private final FindingSource source;
  private final ControlMappings mappings;

  OcsfFindingReader(FindingSource source, ControlMappings mappings) {
    this.source = source;
    this.mappings = mappings;
  }

  Finding read(JsonNode json, String position, long receivedAt) throws MalformedFindingException {
    JsonFields unnamed = JsonFields.finding(json, position);
    JsonFields info = unnamed.object("finding_info");
    String id = Limits.identifier(info, "uid");
    JsonFields ocsf = unnamed.identifiedBy(id);
    JsonFields named = ocsf.object("finding_info");
    String product = ocsf.object("metadata").object("product").string("name").orElse(source.name());
    FindingKind kind = GUARDDUTY.equals(product.replace(" ", "").toUpperCase(Locale.ROOT))
        ? FindingKind.THREAT : FindingKind.MISCONFIGURATION;
    String ruleId = ruleId(ocsf, named, kind);
    return Finding.newBuilder()
        .setFindingId(id)
        .setSource(source)
        .setProduct(Limits.shortened(product, Limits.MAX_PRODUCT_TEXT_LENGTH))
        .setRuleId(ruleId)
        .setControl(control(ocsf, ruleId, kind).orElse(null))
        .setTitle(Limits.shortened(named.requiredString("title"), Limits.MAX_TITLE_LENGTH))
        .setDescription(description(ocsf, named))
        .setSeverity(severity(ocsf))
        .setCompliance(verdict(ocsf))
        .setActive(active(ocsf))
        .setResource(resource(ocsf))
        .setObservedAt(observedAt(ocsf, named, receivedAt))
        .setReceivedAt(Instant.ofEpochMilli(receivedAt))
        .setKind(kind)
        .build();
  }

  /** Prowler's check id, Security Hub's control id, or for a threat its type (GuardDuty's finding type). */
  private static String ruleId(JsonFields ocsf, JsonFields info, FindingKind kind) throws MalformedFindingException {
    JsonFields metadata = ocsf.object("metadata");
    if (metadata.string("event_code").isPresent()) {
      return Limits.identifier(metadata, "event_code");
    }
    JsonFields compliance = ocsf.object("compliance");
    if (compliance.string("control").isPresent()) {
      return Limits.identifier(compliance, "control");
    }
    List<String> types = info.strings("types");
    if (kind == FindingKind.THREAT && !types.isEmpty()) {
      return Limits.identifier(info, "types", types.get(0));
    }
    throw ocsf.malformed("has neither metadata.event_code nor compliance.control: no check to map to a control");
  }

  private Optional<String> control(JsonFields ocsf, String ruleId, FindingKind kind) throws MalformedFindingException {
    Optional<String> named = ocsf.object("compliance").string("control").filter(ControlMappings::isControlId);
    if (named.isPresent()) {
      return named;
    }
    return mappings.control(kind == FindingKind.THREAT ? FindingSource.GUARDDUTY : source, ruleId);
  }

  /** Prowler's status detail names the resource and what is wrong with it; the check's description is general. */
  private static String description(JsonFields ocsf, JsonFields info) throws MalformedFindingException {
    Optional<String> text = ocsf.string("status_detail");
    if (text.isEmpty()) {
      text = info.string("desc");
    }
    return text.map(found -> Limits.shortened(found, Limits.MAX_DESCRIPTION_LENGTH)).orElse(null);
  }

  private static Severity severity(JsonFields ocsf) throws MalformedFindingException {
    Optional<String> label = ocsf.string("severity");
    if (label.isEmpty()) {
      return Severity.INFORMATIONAL;
    }
    Severity severity = SEVERITIES.get(label.get().toUpperCase(Locale.ROOT));
    if (severity == null) {
      throw ocsf.malformed("has severity " + Untrusted.quote(label.get()) + ", not one of OCSF's severities "
          + "(Informational, Low, Medium, High, Critical, Fatal, Unknown, Other)");
    }
    return severity;
  }

  private static ComplianceStatus verdict(JsonFields ocsf) throws MalformedFindingException {
    String field = "status_code";
    JsonFields holder = ocsf;
    if (ocsf.string(field).isEmpty()) {
      holder = ocsf.object("compliance");
      field = "status";
    }
    Optional<String> code = holder.string(field);
    if (code.isEmpty()) {
      return ComplianceStatus.NOT_AVAILABLE;
    }
    ComplianceStatus verdict = VERDICTS.get(code.get().toUpperCase(Locale.ROOT));
    if (verdict == null) {
      throw ocsf.malformed("has " + holder.name(field) + " " + Untrusted.quote(code.get())
          + ", not one of PASS, FAIL, MANUAL, WARNING");
    }
    return verdict;
  }

  /** Suppressed (muted), resolved, archived or deleted findings are history, not work. */
  private static boolean active(JsonFields ocsf) throws MalformedFindingException {
    boolean closed = ocsf.string("status").map(status -> status.replace(" ", "").toUpperCase(Locale.ROOT))
        .filter(CLOSED_STATUS::contains).isPresent();
    boolean closedId = ocsf.number("status_id").map(Double::intValue).filter(CLOSED_STATUS_IDS::contains).isPresent();
    boolean muted = ocsf.bool("muted").orElse(false);
    return !closed && !closedId && !muted;
  }

  private static Resource resource(JsonFields ocsf) throws MalformedFindingException {
    JsonFields first = ocsf.first("resources");
    JsonFields cloud = ocsf.object("cloud");
    String account = cloud.object("account").requiredString("uid");
    Optional<String> region = first.string("region");
    if (region.isEmpty()) {
      region = cloud.string("region");
    }
    if (region.isEmpty()) {
      throw ocsf.malformed("has no region (neither resources[0].region nor cloud.region)");
    }
    String partition = first.string("cloud_partition").orElse("aws");
    String type = ResourceTypes.asffType(first.requiredString("type"));
    String id = ResourceTypes.arn(first.requiredString("type"), first.requiredString("uid"), partition, region.get(),
        account);
    if (isNoTrail(type, id, partition, account)) {
      // Prowler's finding that a region has no (multi-Region) trail names a trail ARN without a name: the finding is
      // about the account, as Security Hub's and AWS Config's CloudTrail.1 findings say.
      type = "AwsAccount";
      id = "AWS::::Account:" + account;
    }
    Resource resource = Resource.newBuilder()
        .setType(type)
        .setId(id)
        .setPartition(partition)
        .setRegion(region.get())
        .setAccount(account)
        .setTags(tags(first))
        .build();
    return ResourceCheck.checked(ocsf, resource, field -> switch (field) {
      case TYPE -> first.name("type");
      case ID -> first.name("uid");
      case PARTITION -> first.name("cloud_partition");
      case ACCOUNT -> "cloud.account.uid";
      case REGION -> "the region";
      case TAGS, TAG_KEY, TAG_VALUE -> first.name("labels");
    });
  }

  /**
   * Whether the resource is Prowler's trail without a name, in the finding's own partition and account; any other
   * trail ARN without a name stays as given, and the check of trail ARNs refuses it. Its region is not the finding's:
   * Prowler writes the region its CloudTrail client was made in, and the finding's region is the one it checked.
   */
  private static boolean isNoTrail(String type, String id, String partition, String account) {
    Matcher arn = NO_TRAIL.matcher(id);
    return type.equals("AwsCloudTrailTrail") && arn.matches() && arn.group(1).equals(partition)
        && arn.group(3).equals(account);
  }

  /** Prowler writes tags as OCSF labels, {@code "key:value"} strings; Security Hub v2 as {@code tags[{name, value}]}. */
  private static Map<String, String> tags(JsonFields resource) throws MalformedFindingException {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String label : resource.strings("labels")) {
      int colon = label.indexOf(':');
      if (colon > 0) {
        tags.put(label.substring(0, colon), label.substring(colon + 1));
      }
    }
    JsonNode named = resource.raw("tags");
    if (named.isArray()) {
      for (JsonNode tag : named) {
        if (tag.path("name").isTextual() && tag.path("value").isTextual()) {
          tags.put(tag.path("name").textValue(), tag.path("value").textValue());
        }
      }
    }
    return tags;
  }

  private static Instant observedAt(JsonFields ocsf, JsonFields info, long receivedAt)
      throws MalformedFindingException {
    Optional<String> time = ocsf.string("time_dt");
    if (time.isPresent()) {
      return Limits.utcObservation(ocsf, ocsf.name("time_dt"), time.get(), receivedAt);
    }
    for (String field : List.of("modified_time_dt", "created_time_dt")) {
      Optional<String> timestamp = info.string(field);
      if (timestamp.isPresent()) {
        return Limits.utcObservation(info, info.name(field), timestamp.get(), receivedAt);
      }
    }
    throw ocsf.malformed("has none of time_dt, finding_info.modified_time_dt, finding_info.created_time_dt");
  }
}
