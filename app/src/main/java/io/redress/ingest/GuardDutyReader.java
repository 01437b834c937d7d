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
import java.util.Map;

/**
 * GuardDuty's EventBridge event {@code "detail-type": "GuardDuty Finding"}. A GuardDuty finding is a threat, not a
 * failed check: it has no compliance status, and its type ({@code UnauthorizedAccess:IAMUser/MaliciousIPCaller})
 * maps through the GUARDDUTY rows of the control table to a control whose remediation is a safe response; a type
 * with no row is decided NOTIFY_ONLY, alerting a person, never "nothing to fix". Archived findings are inactive.
 *
 * <p>The resource is what the finding is about: an access key ({@code resourceType} AccessKey), the first S3 bucket,
 * an instance; anything else is named by the finding's own ARN, so the alert still has a subject.
 */
public final class GuardDutyReader implements FindingReader {

  static final String DETAIL_TYPE = "GuardDuty Finding";

  @Override
  public String format() {
    return "GuardDuty (EventBridge '" + DETAIL_TYPE + "' event)";
  }

  @Override
  public boolean recognizes(JsonNode record) {
    return DETAIL_TYPE.equals(record.path("detail-type").asText(null));
  }

  @Override
  public List<Finding> read(JsonNode record, ReadContext context) throws MalformedFindingException {
    JsonFields unnamed = JsonFields.finding(record.path("detail"), "the event's detail");
    String id = Limits.identifier(unnamed, "id");
    JsonFields detail = unnamed.identifiedBy(id);
    String type = Limits.identifier(detail, "type");
    return List.of(Finding.newBuilder()
        .setFindingId(Limits.identifier(detail, "arn", detail.string("arn").orElse(id)))
        .setSource(FindingSource.GUARDDUTY)
        .setProduct("GuardDuty")
        .setRuleId(type)
        .setControl(context.mappings().control(FindingSource.GUARDDUTY, type).orElse(null))
        .setTitle(Limits.shortened(detail.requiredString("title"), Limits.MAX_TITLE_LENGTH))
        .setDescription(detail.string("description")
            .map(text -> Limits.shortened(text, Limits.MAX_DESCRIPTION_LENGTH)).orElse(null))
        .setSeverity(severity(detail))
        .setCompliance(ComplianceStatus.NOT_AVAILABLE)
        .setActive(!detail.object("service").bool("archived").orElse(false))
        .setResource(resource(detail))
        .setObservedAt(Limits.observedAt(detail, context.receivedAt(), "updatedAt", "createdAt"))
        .setReceivedAt(Instant.ofEpochMilli(context.receivedAt()))
        .setKind(FindingKind.THREAT)
        .build());
  }

  /** GuardDuty's bands: below 4 low, below 7 medium, below 9 high, 9 to 10 critical. */
  private static Severity severity(JsonFields detail) throws MalformedFindingException {
    double score = detail.number("severity").orElseThrow(() -> detail.malformed("has no severity"));
    if (score < 0 || score > 10) {
      throw detail.malformed("has severity " + score + ", not a GuardDuty score from 0 to 10");
    }
    return score < 1 ? Severity.INFORMATIONAL : score < 4 ? Severity.LOW : score < 7 ? Severity.MEDIUM
        : score < 9 ? Severity.HIGH : Severity.CRITICAL;
  }

  private static Resource resource(JsonFields detail) throws MalformedFindingException {
    String account = detail.requiredString("accountId");
    String region = detail.requiredString("region");
    String partition = detail.string("partition").orElse("aws");
    JsonFields affected = detail.object("resource");
    String resourceType = affected.requiredString("resourceType");
    Map<String, String> tags = new LinkedHashMap<>();
    String type;
    String id;
    switch (resourceType) {
      case "AccessKey" -> {
        type = "AwsIamAccessKey";
        id = affected.object("accessKeyDetails").requiredString("accessKeyId");
      }
      case "S3Bucket" -> {
        type = "AwsS3Bucket";
        JsonFields bucket = affected.first("s3BucketDetails");
        id = bucket.string("arn").orElse("arn:" + partition + ":s3:::" + bucket.requiredString("name"));
        tagsOf(bucket, tags);
      }
      case "Instance" -> {
        type = "AwsEc2Instance";
        JsonFields instance = affected.object("instanceDetails");
        id = ResourceTypes.arn("AWS::EC2::Instance", instance.requiredString("instanceId"), partition, region, account);
        tagsOf(instance, tags);
      }
      default -> {
        type = "Other";
        id = detail.requiredString("arn");
      }
    }
    Resource resource = Resource.newBuilder().setType(type).setId(id).setPartition(partition).setRegion(region)
        .setAccount(account).setTags(tags).build();
    return ResourceCheck.checked(detail, resource, field -> switch (field) {
      case TYPE -> detail.name("resource.resourceType");
      case ID -> detail.name("resource") + " id";
      case PARTITION -> detail.name("partition");
      case ACCOUNT -> detail.name("accountId");
      case REGION -> detail.name("region");
      case TAGS, TAG_KEY, TAG_VALUE -> detail.name("resource") + " tags";
    });
  }

  /** Tags as GuardDuty lists an instance's or bucket's, {@code [{"key": ..., "value": ...}]}; malformed ones skipped. */
  private static void tagsOf(JsonFields resource, Map<String, String> tags) {
    JsonNode list = resource.raw("tags");
    if (list.isArray()) {
      for (JsonNode tag : list) {
        if (tag.path("key").isTextual() && tag.path("value").isTextual()) {
          tags.put(tag.path("key").textValue(), tag.path("value").textValue());
        }
      }
    }
  }
}
