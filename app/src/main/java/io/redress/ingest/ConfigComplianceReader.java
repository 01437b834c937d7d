package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.FindingSource;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import io.redress.resource.ResourceIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.arns.Arn;

/**
 * AWS Config's EventBridge event {@code "detail-type": "Config Rules Compliance Change"}: one rule's new verdict on
 * one resource. NON_COMPLIANT is a failure, COMPLIANT resolves (it ends an open cool-down), NOT_APPLICABLE means the
 * resource left the rule's scope (inactive), INSUFFICIENT_DATA is no verdict.
 *
 * <p>The rule is the one the account named ({@code configRuleName}); it maps to a control through the AWS_CONFIG rows
 * of the control table, which list the managed rules' default names. Security Hub and conformance packs deploy
 * managed rules under longer names ({@code securityhub-restricted-ssh-4a1b2c}), so a name is also tried without a
 * {@code securityhub-} prefix and without its last {@code -suffix}. Config reports no severity; its findings are
 * MEDIUM. Resource ids that are not ARNs (bucket names, {@code sg-} ids) become ARNs with the event's account and
 * region (see {@link ResourceTypes}).
 */
public final class ConfigComplianceReader implements FindingReader {

  static final String DETAIL_TYPE = "Config Rules Compliance Change";
  private static final String SECURITY_HUB_PREFIX = "securityhub-";
  private static final Map<String, ComplianceStatus> VERDICTS = Map.of(
      "NON_COMPLIANT", ComplianceStatus.FAILED,
      "COMPLIANT", ComplianceStatus.PASSED,
      "NOT_APPLICABLE", ComplianceStatus.NOT_AVAILABLE,
      "INSUFFICIENT_DATA", ComplianceStatus.NOT_AVAILABLE);

  @Override
  public String format() {
    return "AWS Config (EventBridge '" + DETAIL_TYPE + "' event)";
  }

  @Override
  public boolean recognizes(JsonNode record) {
    return DETAIL_TYPE.equals(record.path("detail-type").asText(null));
  }

  @Override
  public List<Finding> read(JsonNode record, ReadContext context) throws MalformedFindingException {
    JsonFields detail = JsonFields.finding(record.path("detail"), "the event's detail");
    String rule = Limits.identifier(detail, "configRuleName");
    JsonFields result = detail.object("newEvaluationResult");
    String complianceType = result.requiredString("complianceType");
    ComplianceStatus verdict = VERDICTS.get(complianceType);
    if (verdict == null) {
      throw detail.malformed("has " + result.name("complianceType") + " " + Untrusted.quote(complianceType)
          + ", not one of " + VERDICTS.keySet());
    }
    Resource resource = resource(detail, rule);
    String findingId = Limits.identifier(detail, "configRuleARN", detail.string("configRuleARN").orElse(rule)
        + "/" + resource.getId());
    return List.of(Finding.newBuilder()
        .setFindingId(findingId)
        .setSource(FindingSource.AWS_CONFIG)
        .setProduct("AWS Config")
        .setRuleId(rule)
        .setControl(control(context.mappings(), rule).orElse(null))
        .setTitle(Limits.shortened("AWS Config rule " + rule + ": " + resource.getType() + " is " + complianceType,
            Limits.MAX_TITLE_LENGTH))
        .setDescription(result.string("annotation")
            .map(text -> Limits.shortened(text, Limits.MAX_DESCRIPTION_LENGTH)).orElse(null))
        .setSeverity(Severity.MEDIUM)
        .setCompliance(verdict)
        .setActive(!"NOT_APPLICABLE".equals(complianceType))
        .setResource(resource)
        .setObservedAt(Limits.observedAt(result, context.receivedAt(), "resultRecordedTime", "configRuleInvokedTime"))
        .setReceivedAt(Instant.ofEpochMilli(context.receivedAt()))
        .setKind(FindingKind.MISCONFIGURATION)
        .build());
  }

  /** The rule's control: its exact name first, then without Security Hub's prefix, then without a deploy suffix. */
  static Optional<String> control(ControlMappings mappings, String rule) {
    List<String> names = new ArrayList<>(List.of(rule));
    if (rule.startsWith(SECURITY_HUB_PREFIX)) {
      names.add(rule.substring(SECURITY_HUB_PREFIX.length()));
    }
    for (String name : List.copyOf(names)) {
      int dash = name.lastIndexOf('-');
      if (dash > 0) {
        names.add(name.substring(0, dash));
      }
    }
    return names.stream().map(name -> mappings.control(FindingSource.AWS_CONFIG, name))
        .flatMap(Optional::stream).findFirst();
  }

  private static Resource resource(JsonFields detail, String rule) throws MalformedFindingException {
    String type = detail.requiredString("resourceType");
    String id = detail.requiredString("resourceId");
    String account = detail.requiredString("awsAccountId");
    String region = detail.requiredString("awsRegion");
    String partition = detail.string("configRuleARN").flatMap(ResourceIds::arn).map(Arn::partition).orElse("aws");
    Resource resource = Resource.newBuilder()
        .setType(ResourceTypes.asffType(type))
        .setId(ResourceTypes.arn(type, id, partition, region, account))
        .setPartition(partition)
        .setRegion(region)
        .setAccount(account)
        .setTags(Map.of())
        .build();
    return ResourceCheck.checked(detail, resource, field -> switch (field) {
      case TYPE -> detail.name("resourceType");
      case ID -> detail.name("resourceId");
      case PARTITION -> detail.name("configRuleARN") + " partition";
      case ACCOUNT -> detail.name("awsAccountId");
      case REGION -> detail.name("awsRegion");
      case TAGS, TAG_KEY, TAG_VALUE -> "tags";
    });
  }
}
