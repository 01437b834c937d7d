package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.FindingSource;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import io.redress.resource.ResourceIds;
import io.redress.resource.ResourceProblem;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one finding in the AWS Security Finding Format (ASFF) into a {@link Finding}. Fields the rest of Redress
 * cannot do without (Id, AwsAccountId, GeneratorId, Title, Severity, Resources[0] with Type and Id, a region, a
 * timestamp) make the finding malformed when missing; everything else has a documented fallback. Every string
 * field must be a JSON string, and the finding stays small whatever the input, because it is embedded in
 * decisions and notifications and Kafka refuses records over about a megabyte: identifiers longer than ASFF
 * allows are rejected, text only people read is cut with a visible marker.
 */
final class AsffFindingReader {

  static final int MAX_ACTOR_LENGTH = 2048;

  private static final Set<String> CLOSED_WORKFLOW = Set.of("RESOLVED", "SUPPRESSED");
  private static final Set<String> PRINCIPAL_SERVICES = Set.of("iam", "sts");
  /** IAM paths may hold any printable ASCII character, and nothing else. */
  private static final Pattern PRINTABLE_ASCII = Pattern.compile("[!-~]+");
  /** Prowler's ASFF output names its check {@code prowler-<check id>}; the PROWLER rows of the table then apply. */
  private static final String PROWLER_GENERATOR_PREFIX = "prowler-";
  /**
   * ASFF has no field for who caused a finding, and guessing from ProductFields or resource details (owner ids are
   * canonical user ids, not principals) would send lessons to the wrong person. The actor is therefore null unless
   * a producer that knows it sets this user-defined field; the creator lookup fills the gap downstream.
   */
  static final String ACTOR_FIELD = "redress:actor";

  /**
   * Threat detections (GuardDuty, Inspector's network reachability, Macie's sensitive data) carry no compliance
   * verdict; ASFF files them under these type namespaces.
   */
  private static final List<String> THREAT_TYPE_NAMESPACES = List.of("TTPs/", "Effects/", "Unusual Behaviors/");
  private static final String GUARDDUTY_PRODUCT_SUFFIX = "/product/aws/guardduty";

  private final ControlMappings mappings;

  AsffFindingReader(ControlMappings mappings) {
    this.mappings = mappings;
  }

  /** @param request the custom action a person chose for this finding, or null when Security Hub imported it */
  Finding read(JsonNode json, String position, long receivedAt, String request) throws MalformedFindingException {
    JsonFields unnamed = JsonFields.finding(json, position);
    String id = Limits.identifier(unnamed, "Id");
    JsonFields asff = unnamed.identifiedBy(id);
    String ruleId = Limits.identifier(asff, "GeneratorId");
    FindingKind kind = kind(asff);
    return Finding.newBuilder()
        .setFindingId(id)
        .setSource(FindingSource.SECURITY_HUB)
        .setProduct(product(asff))
        .setRuleId(ruleId)
        .setControl(control(asff, ruleId, kind).orElse(null))
        .setTitle(Limits.shortened(asff.requiredString("Title"), Limits.MAX_TITLE_LENGTH))
        .setDescription(asff.string("Description")
            .map(text -> Limits.shortened(text, Limits.MAX_DESCRIPTION_LENGTH)).orElse(null))
        .setSeverity(severity(asff.object("Severity")))
        .setCompliance(compliance(asff.object("Compliance")))
        .setActive(active(asff))
        .setResource(resource(asff))
        .setActor(actor(json).orElse(null))
        .setObservedAt(Limits.observedAt(asff, receivedAt, "UpdatedAt", "CreatedAt"))
        .setReceivedAt(Instant.ofEpochMilli(receivedAt))
        .setKind(kind)
        .setRequest(request)
        .build();
  }

  /** A finding without a compliance verdict whose types are a threat's is a detection, not a failed check. */
  private static FindingKind kind(JsonFields asff) throws MalformedFindingException {
    if (asff.object("Compliance").string("Status").isPresent()) {
      return FindingKind.MISCONFIGURATION;
    }
    boolean guardDuty = asff.string("ProductArn").filter(arn -> arn.endsWith(GUARDDUTY_PRODUCT_SUFFIX)).isPresent();
    boolean threatType = asff.strings("Types").stream()
        .anyMatch(type -> THREAT_TYPE_NAMESPACES.stream().anyMatch(type::startsWith));
    return guardDuty || threatType ? FindingKind.THREAT : FindingKind.MISCONFIGURATION;
  }

  /**
   * GuardDuty writes its finding type into ASFF Types as the last segment, with the type's {@code /} turned into
   * {@code -}: {@code TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce} is
   * {@code UnauthorizedAccess:EC2/SSHBruteForce}, whose row in the GUARDDUTY table then applies.
   */
  private Optional<String> guardDutyControl(JsonFields asff) throws MalformedFindingException {
    for (String type : asff.strings("Types")) {
      String last = type.substring(type.lastIndexOf('/') + 1);
      int colon = last.indexOf(':');
      int dash = last.indexOf('-', colon + 1);
      if (colon > 0 && dash > colon) {
        String guardDutyType = last.substring(0, dash) + "/" + last.substring(dash + 1);
        Optional<String> control = mappings.control(FindingSource.GUARDDUTY, guardDutyType);
        if (control.isPresent()) {
          return control;
        }
      }
    }
    return Optional.empty();
  }

  private static String product(JsonFields asff) throws MalformedFindingException {
    Optional<String> name = asff.string("ProductName");
    if (name.isEmpty()) {
      name = asff.object("ProductFields").string("aws/securityhub/ProductName");
    }
    return Limits.shortened(name.orElse("Security Hub"), Limits.MAX_PRODUCT_TEXT_LENGTH);
  }

  /**
   * The canonical control id, most authoritative source first. Consolidated control findings carry
   * Compliance.SecurityControlId. Older per-standard findings carry ProductFields.ControlId, which is canonical for
   * AWS Foundational Security Best Practices but standard-specific ("2.1.5.2", "PCI.S3.1") elsewhere; the
   * GeneratorId's last segment likewise. Each is only taken when it looks like a control id, since the control is
   * shown in lessons and names the remediation; one that does not is passed over for the next. The table comes last.
   */
  private Optional<String> control(JsonFields asff, String ruleId, FindingKind kind) throws MalformedFindingException {
    JsonFields compliance = asff.object("Compliance");
    if (compliance.string("SecurityControlId").isPresent()) {
      String securityControlId = Limits.identifier(compliance, "SecurityControlId");
      if (ControlMappings.isControlId(securityControlId)) {
        return Optional.of(securityControlId);
      }
    }
    if (kind == FindingKind.THREAT) {
      return guardDutyControl(asff);
    }
    return asff.object("ProductFields").string("ControlId")
        .map(controlId -> Limits.shortened(controlId, Limits.MAX_PRODUCT_TEXT_LENGTH))
        .filter(ControlMappings::isControlId)
        .or(() -> Optional.of(ruleId.substring(ruleId.lastIndexOf('/') + 1)).filter(ControlMappings::isControlId))
        .or(() -> mappings.control(FindingSource.SECURITY_HUB, ruleId))
        .or(() -> ruleId.startsWith(PROWLER_GENERATOR_PREFIX)
            ? mappings.control(FindingSource.PROWLER, ruleId.substring(PROWLER_GENERATOR_PREFIX.length()))
            : Optional.empty());
  }

  private static Severity severity(JsonFields severity) throws MalformedFindingException {
    Optional<String> label = severity.string("Label");
    if (label.isPresent()) {
      try {
        return Severity.valueOf(label.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw severity.malformed("has " + severity.name("Label") + " " + Untrusted.quote(label.get())
            + ", not one of " + Arrays.toString(Severity.values()));
      }
    }
    JsonNode normalized = severity.raw("Normalized");
    if (normalized.isMissingNode() || normalized.isNull()) {
      throw severity.malformed("has no Severity.Label or Severity.Normalized");
    }
    // canConvertToInt first: asInt keeps the low 32 bits, and 4294967386 (2^32 + 90) would read as 90.
    if (!normalized.isIntegralNumber() || !normalized.canConvertToInt()
        || normalized.intValue() < 0 || normalized.intValue() > 100) {
      throw severity.malformed("has " + severity.name("Normalized") + " "
          + Untrusted.excerpt(normalized.toString()) + ", not a whole number from 0 to 100");
    }
    return severityOf(normalized.intValue());
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

  private static ComplianceStatus compliance(JsonFields compliance) throws MalformedFindingException {
    Optional<String> status = compliance.string("Status");
    if (status.isEmpty()) {
      return ComplianceStatus.NOT_AVAILABLE;
    }
    try {
      return ComplianceStatus.valueOf(status.get());
    } catch (IllegalArgumentException e) {
      throw compliance.malformed("has " + compliance.name("Status") + " " + Untrusted.quote(status.get())
          + ", not one of " + Arrays.toString(ComplianceStatus.values()));
    }
  }

  /**
   * Archived, resolved or suppressed findings are history, not work. Workflow.Status is what BatchUpdateFindings
   * changes today; the older WorkflowState is read only when a producer sends no Workflow object.
   */
  private static boolean active(JsonFields asff) throws MalformedFindingException {
    boolean archived = asff.string("RecordState").filter("ARCHIVED"::equals).isPresent();
    Optional<String> workflow = asff.object("Workflow").string("Status");
    if (workflow.isEmpty()) {
      workflow = asff.string("WorkflowState");
    }
    return !archived && workflow.filter(CLOSED_WORKFLOW::contains).isEmpty();
  }

  /**
   * Security Hub control findings name exactly one resource; a finding about several is about the first. The
   * resource must be what its type says (see {@link ResourceIds}) before it can become a key or a command. A bare
   * bucket name or group id becomes its ARN ({@link ResourceTypes#arn}), as the other sources' ids do.
   */
  private static Resource resource(JsonFields asff) throws MalformedFindingException {
    JsonFields first = asff.first("Resources");
    String account = asff.requiredString("AwsAccountId");
    String type = first.requiredString("Type");
    String id = first.requiredString("Id");
    Optional<String> ownRegion = first.string("Region");
    String regionField = ownRegion.isPresent() ? first.name("Region") : asff.name("Region");
    Optional<String> region = ownRegion.isPresent() ? ownRegion : asff.string("Region");
    if (region.isEmpty()) {
      throw asff.malformed("has no region (neither Resources[0].Region nor Region)");
    }
    String partition = first.string("Partition").orElse("aws");
    Resource resource = Resource.newBuilder()
        .setType(type)
        .setId(id)
        .setPartition(partition)
        .setRegion(region.get())
        .setAccount(account)
        .setTags(tags(first))
        .build();
    Optional<ResourceProblem> problem = ResourceIds.problem(resource);
    if (problem.isPresent()) {
      throw rejection(asff, first, regionField, problem.get());
    }
    // Checked as sent, so a rejection quotes the field; kept as an ARN, so it has one form whoever names it.
    return Resource.newBuilder(resource).setId(ResourceTypes.arn(type, id, partition, region.get(), account)).build();
  }

  private static MalformedFindingException rejection(
      JsonFields asff, JsonFields first, String regionField, ResourceProblem problem) {
    String field = switch (problem.field()) {
      case TYPE -> first.name("Type");
      case ID -> first.name("Id");
      case PARTITION -> first.name("Partition");
      case ACCOUNT -> asff.name("AwsAccountId");
      case REGION -> regionField;
      case TAGS -> first.name("Tags");
      case TAG_KEY, TAG_VALUE -> first.name("Tags") + " key";
    };
    String value = problem.value() == null ? "" : " " + Untrusted.quote(problem.value());
    return asff.malformed("has " + field + value + ", " + problem.rule());
  }

  /** Tags as ASFF gives them: an object of tag key to string value; the limits are the resource's rules. */
  private static Map<String, String> tags(JsonFields resource) throws MalformedFindingException {
    JsonNode tags = resource.raw("Tags");
    if (tags.isMissingNode() || tags.isNull()) {
      return Map.of();
    }
    if (!tags.isObject()) {
      throw resource.wrongType(resource.name("Tags"), tags, "an object of tag key to value");
    }
    Map<String, String> byKey = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> tag : tags.properties()) {
      if (!tag.getValue().isTextual()) {
        throw resource.wrongType(resource.name("Tags") + "[" + Untrusted.quote(tag.getKey()) + "]", tag.getValue(),
            "a string");
      }
      byKey.put(tag.getKey(), tag.getValue().textValue());
    }
    return byKey;
  }

  /**
   * The actor only chooses whom a lesson is addressed to, so an unusable one is dropped rather than rejecting the
   * finding: a producer's bad hint must not leave the misconfiguration it reports unfixed, and the creator lookup
   * fills the gap. Usable means an IAM or STS principal ARN of printable ASCII, as long as an ARN can be.
   */
  private static Optional<String> actor(JsonNode asff) {
    JsonNode actor = asff.path("UserDefinedFields").path(ACTOR_FIELD);
    if (!actor.isTextual() || actor.textValue().length() > MAX_ACTOR_LENGTH
        || !PRINTABLE_ASCII.matcher(actor.textValue()).matches()) {
      return Optional.empty();
    }
    return ResourceIds.arn(actor.textValue())
        .filter(arn -> PRINCIPAL_SERVICES.contains(arn.service()))
        .map(arn -> actor.textValue());
  }
}
