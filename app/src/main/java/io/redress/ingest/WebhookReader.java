package io.redress.ingest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.FindingSource;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Webhook payloads, read through the mapping files listed in {@value #INDEX} (see {@link WebhookMapping}): Redress's
 * own simple format ({@code "schema": "redress.findings/v1"}) and any vendor's payload a mapping file describes.
 * Adding a vendor is a mapping file and a line in the index, not code.
 */
public final class WebhookReader implements FindingReader {

  static final String INDEX = "/webhooks/index.txt";

  private final List<WebhookMapping> mappings;

  public WebhookReader() {
    this(bundled());
  }

  WebhookReader(List<WebhookMapping> mappings) {
    this.mappings = List.copyOf(mappings);
  }

  @Override
  public String format() {
    return "webhook JSON (" + String.join(", ", mappings.stream().map(WebhookMapping::name).toList())
        + "; see the README's Sources section)";
  }

  @Override
  public boolean recognizes(JsonNode record) {
    return mappings.stream().anyMatch(mapping -> mapping.matches(record));
  }

  @Override
  public List<Finding> read(JsonNode record, ReadContext context) throws MalformedFindingException {
    List<WebhookMapping> matching = mappings.stream().filter(mapping -> mapping.matches(record)).toList();
    if (matching.size() != 1) {
      throw new MalformedFindingException("the payload matches the webhook mappings "
          + matching.stream().map(WebhookMapping::name).toList() + ", so which one applies is ambiguous");
    }
    WebhookMapping mapping = matching.get(0);
    JsonNode at = record.at(mapping.findings());
    JsonNode findings = at.isArray() ? Batches.nonEmptyArray(at, mapping.findings().toString())
        : at.isObject() ? JsonNodeFactory.instance.arrayNode().add(at)
        : Batches.nonEmptyArray(at, mapping.findings().toString());
    List<Finding> normalized = new ArrayList<>(findings.size());
    for (int i = 0; i < findings.size(); i++) {
      String position = mapping.name() + " finding " + (i + 1) + " of " + findings.size();
      normalized.add(read(mapping, findings.get(i), position, context));
    }
    return normalized;
  }

  private static Finding read(WebhookMapping mapping, JsonNode json, String position, ReadContext context)
      throws MalformedFindingException {
    MappedFields unnamed = new MappedFields(mapping, JsonFields.finding(json, position), json);
    String id = Limits.identifier(unnamed.fields(), unnamed.label("id"), unnamed.required("id"));
    MappedFields finding = new MappedFields(mapping, unnamed.fields().identifiedBy(id), json);
    String rule = Limits.identifier(finding.fields(), finding.label("rule"), finding.required("rule"));
    String status = finding.translated("status", mapping.statuses());
    if (!WebhookMapping.STATUSES.contains(status)) {
      throw finding.fields().malformed("has " + finding.label("status") + " " + Untrusted.quote(status)
          + ", not one of " + WebhookMapping.STATUSES + (mapping.statuses().isEmpty() ? "" : " nor a value of "
          + mapping.statuses().keySet()));
    }
    return Finding.newBuilder()
        .setFindingId(id)
        .setSource(FindingSource.WEBHOOK)
        .setProduct(Limits.shortened(finding.optional("product").orElse(mapping.product()),
            Limits.MAX_PRODUCT_TEXT_LENGTH))
        .setRuleId(rule)
        .setControl(finding.optional("control").filter(ControlMappings::isControlId)
            .or(() -> Optional.ofNullable(mapping.controls().get(rule))).orElse(null))
        .setTitle(Limits.shortened(finding.required("title"), Limits.MAX_TITLE_LENGTH))
        .setDescription(finding.optional("description")
            .map(text -> Limits.shortened(text, Limits.MAX_DESCRIPTION_LENGTH)).orElse(null))
        .setSeverity(severity(finding, mapping))
        .setCompliance("SUPPRESSED".equals(status) ? ComplianceStatus.FAILED : ComplianceStatus.valueOf(status))
        .setActive(!"SUPPRESSED".equals(status))
        .setResource(resource(finding, mapping))
        .setObservedAt(finding.observedAt(context.receivedAt()))
        .setReceivedAt(Instant.ofEpochMilli(context.receivedAt()))
        .setKind(kind(finding))
        .build();
  }

  private static Severity severity(MappedFields finding, WebhookMapping mapping) throws MalformedFindingException {
    if (finding.optional("severity").isEmpty()) {
      return Severity.INFORMATIONAL;
    }
    String label = finding.translated("severity", mapping.severities()).toUpperCase(Locale.ROOT);
    try {
      return Severity.valueOf(label);
    } catch (IllegalArgumentException e) {
      throw finding.fields().malformed("has " + finding.label("severity") + " " + Untrusted.quote(label)
          + ", not one of " + Arrays.toString(Severity.values()));
    }
  }

  private static FindingKind kind(MappedFields finding) throws MalformedFindingException {
    Optional<String> kind = finding.optional("kind");
    if (kind.isEmpty()) {
      return FindingKind.MISCONFIGURATION;
    }
    try {
      return FindingKind.valueOf(kind.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw finding.fields().malformed("has " + finding.label("kind") + " " + Untrusted.quote(kind.get())
          + ", not one of " + Arrays.toString(FindingKind.values()));
    }
  }

  private static Resource resource(MappedFields finding, WebhookMapping mapping) throws MalformedFindingException {
    String vendorType = finding.required("resourceType");
    String mappedType = mapping.resourceTypes().getOrDefault(vendorType, vendorType);
    String type = ResourceTypes.asffType(mappedType);
    String partition = finding.optional("partition").orElse("aws");
    String region = finding.required("region");
    String account = finding.required("account");
    Resource resource = Resource.newBuilder()
        .setType(type)
        .setId(ResourceTypes.arn(mappedType, finding.required("resourceId"), partition, region, account))
        .setPartition(partition)
        .setRegion(region)
        .setAccount(account)
        .setTags(finding.tags())
        .build();
    return ResourceCheck.checked(finding.fields(), resource, field -> switch (field) {
      case TYPE -> finding.label("resourceType");
      case ID -> finding.label("resourceId");
      case PARTITION -> finding.label("partition");
      case ACCOUNT -> finding.label("account");
      case REGION -> finding.label("region");
      case TAGS, TAG_KEY, TAG_VALUE -> finding.label("tags");
    });
  }

  /** One finding of a payload, read field by field through the mapping's pointers. */
  private record MappedFields(WebhookMapping mapping, JsonFields fields, JsonNode json) {

    /** How a field is named in reasons: the finding field and where the mapping looks for it. */
    String label(String field) {
      return field + " (" + mapping.field(field).map(JsonPointer::toString).orElse("unmapped") + ")";
    }

    Optional<String> optional(String field) throws MalformedFindingException {
      Optional<JsonPointer> pointer = mapping.field(field);
      if (pointer.isEmpty()) {
        return Optional.empty();
      }
      JsonNode value = json.at(pointer.get());
      if (value.isMissingNode() || value.isNull()) {
        return Optional.empty();
      }
      if (!value.isTextual()) {
        throw fields.wrongType(label(field), value, "a string");
      }
      return value.textValue().isBlank() ? Optional.empty() : Optional.of(value.textValue());
    }

    String required(String field) throws MalformedFindingException {
      Optional<String> value = optional(field);
      if (value.isEmpty()) {
        throw fields.malformed("has no " + label(field));
      }
      return value.get();
    }

    /** The vendor's value translated by {@code values}; a value the table does not list is taken as it is. */
    String translated(String field, Map<String, String> values) throws MalformedFindingException {
      String value = required(field);
      return values.getOrDefault(value, value);
    }

    Instant observedAt(long receivedAt) throws MalformedFindingException {
      return Limits.observation(fields, label("observedAt"), required("observedAt"), receivedAt);
    }

    /** Tags as an object of key to string value; anything else is refused rather than guessed at. */
    Map<String, String> tags() throws MalformedFindingException {
      Optional<JsonPointer> pointer = mapping.field("tags");
      Map<String, String> tags = new LinkedHashMap<>();
      JsonNode value = pointer.map(json::at).orElse(MissingNode.getInstance());
      if (value.isMissingNode() || value.isNull()) {
        return tags;
      }
      if (!value.isObject()) {
        throw fields.wrongType(label("tags"), value, "an object of tag key to value");
      }
      for (Map.Entry<String, JsonNode> tag : value.properties()) {
        if (!tag.getValue().isTextual()) {
          throw fields.wrongType(label("tags") + "[" + Untrusted.quote(tag.getKey()) + "]", tag.getValue(), "a string");
        }
        tags.put(tag.getKey(), tag.getValue().textValue());
      }
      return tags;
    }
  }

  /**
   * The bundled mappings and every {@code *.json} file of {@code directory}, in name order. A file whose mapping has
   * the name of a bundled one replaces it: that is how a bundled mapping is made one's own (Wiz's control ids are each
   * tenant's), and keeping both would make every payload they match ambiguous.
   *
   * @throws IllegalArgumentException naming the file when one cannot be read or is not a valid mapping, or when two
   *     files name the same mapping
   */
  static WebhookReader withMappingsFrom(Path directory) {
    Map<String, WebhookMapping> mappings = new LinkedHashMap<>();
    bundled().forEach(mapping -> mappings.put(mapping.name(), mapping));
    Map<String, Path> configured = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        WebhookMapping mapping = WebhookMapping.parse(Files.readString(file), file.toString());
        Path earlier = configured.putIfAbsent(mapping.name(), file);
        if (earlier != null) {
          throw new IllegalArgumentException(file + ": names the mapping '" + mapping.name() + "' as " + earlier
              + " does; one file per mapping");
        }
        mappings.put(mapping.name(), mapping);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the webhook mappings in " + directory + ": " + e, e);
    }
    return new WebhookReader(List.copyOf(mappings.values()));
  }

  private static List<WebhookMapping> bundled() {
    List<WebhookMapping> mappings = new ArrayList<>();
    for (String line : resource(INDEX).split("\\R")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        mappings.add(WebhookMapping.parse(resource("/webhooks/" + name), "/webhooks/" + name));
      }
    }
    return mappings;
  }

  private static String resource(String path) {
    try (InputStream in = WebhookReader.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("webhook mapping " + path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read webhook mapping " + path, e);
    }
  }
}
