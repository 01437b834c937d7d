package io.redress.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.redress.contract.Resource;
import io.redress.resource.ResourceIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.arns.Arn;

/**
 * Reads who created what from CloudTrail management events: the EventBridge "AWS API Call via CloudTrail" event on
 * {@code redress.cloudtrail}, or the {@code CloudTrailEvent} record the LookupEvents API returns. A creation is
 * keyed by the resource's {@link ResourceKey}: its account, its service, its region and its own name.
 */
final class CloudTrailEvents {

  /**
   * What tells a resource from every other a creation could be about: an SNS topic and an SQS queue may share a name
   * in one account, and so may two regions' Lambda functions. S3 buckets and IAM's resources have one name across
   * regions (CloudTrail records IAM's calls in the partition's home region, and a bucket's wherever it was called),
   * so their key leaves the region out.
   *
   * @param service the service as ARNs name it ({@code s3}, {@code lambda}), which is how CloudTrail's eventSource
   *     begins
   * @param region empty for S3 and IAM
   * @param name the resource's own name (a bucket name, {@code sg-...}, an instance or key id): the last part of
   *     the id a finding reports, ARN or not
   */
  record ResourceKey(String account, String service, String region, String name) {

    private static final Set<String> GLOBAL_SERVICES = Set.of("s3", "iam");

    ResourceKey {
      region = GLOBAL_SERVICES.contains(service) ? "" : region;
    }

    /** The key of a finding's resource; empty when its id is no ARN and its type names no service. */
    static Optional<ResourceKey> of(Resource resource) {
      Optional<Arn> arn = ResourceIds.arn(resource.getId());
      Optional<String> service = arn.map(Arn::service).or(() -> ResourceIds.service(resource.getType()));
      String region = arn.flatMap(Arn::region).orElse(resource.getRegion());
      return service.map(known -> new ResourceKey(resource.getAccount(), known, region, name(resource.getId())));
    }

    /** What follows the last {@code :} or {@code /} of an id or ARN. */
    private static String name(String resourceId) {
      String name = resourceId.substring(resourceId.lastIndexOf(':') + 1);
      return name.substring(name.lastIndexOf('/') + 1);
    }
  }

  /**
   * Who made a resource, with which call, and when CloudTrail says the call was made.
   *
   * @param at the event's {@code eventTime}; {@link Instant#MAX} when it has none that reads as an instant, so that
   *     any creation with a time comes before it
   */
  record Creation(ResourceKey key, String principal, String eventName, Instant at) {

    /** The earlier of two creations of one resource; the first given when their times are equal. */
    Creation earlier(Creation other) {
      return other.at.isBefore(at) ? other : this;
    }
  }

  /**
   * Lambda records each call under its name and the API version it came in by ({@code CreateFunction20150331},
   * {@code AddPermission20150331v2}); the version is cut off before the call is looked up below.
   */
  private static final Pattern LAMBDA_API_VERSION = Pattern.compile("\\d{8}(v\\d+)?$");

  /** Where each creating call names the resources it made, by the call's name without an API version. */
  private static final Map<String, Function<JsonNode, Stream<JsonNode>>> CREATED = Map.ofEntries(
      Map.entry("CreateBucket", at("requestParameters", "bucketName")),
      Map.entry("CreateSecurityGroup", at("responseElements", "groupId")),
      Map.entry("AuthorizeSecurityGroupIngress", at("requestParameters", "groupId")),
      // One call may launch many instances, each a resource a finding can be about.
      Map.entry("RunInstances", event -> elements(event.path("responseElements").path("instancesSet").path("items"))
          .map(item -> item.path("instanceId"))),
      Map.entry("CreateDBInstance", at("requestParameters", "dBInstanceIdentifier")),
      Map.entry("CreateDBSnapshot", at("requestParameters", "dBSnapshotIdentifier")),
      Map.entry("CreateUser", at("requestParameters", "userName")),
      Map.entry("CreateKey", at("responseElements", "keyMetadata", "keyId")),
      Map.entry("CreateTrail", at("requestParameters", "name")),
      Map.entry("CreateSnapshot", at("responseElements", "snapshotId")),
      Map.entry("AddPermission", at("requestParameters", "functionName")),
      Map.entry("CreateFunction", at("requestParameters", "functionName")),
      Map.entry("CreateTopic", at("requestParameters", "name")),
      Map.entry("CreateQueue", at("requestParameters", "queueName")));

  private CloudTrailEvents() {
  }

  /**
   * The resources the event's call created, each with its caller; none when the call creates nothing or failed.
   *
   * @param event a CloudTrail record (an EventBridge event's {@code detail})
   */
  static Stream<Creation> creations(JsonNode event) {
    String eventName = event.path("eventName").asText("");
    Function<JsonNode, Stream<JsonNode>> created = CREATED.get(call(event.path("eventSource").asText(""), eventName));
    if (created == null || event.hasNonNull("errorCode")) {
      return Stream.empty();
    }
    String account = event.path("recipientAccountId").asText(event.path("userIdentity").path("accountId").asText(""));
    String service = event.path("eventSource").asText("").replaceFirst("\\.amazonaws\\.com$", "");
    String region = event.path("awsRegion").asText("");
    String principal = principal(event.path("userIdentity"));
    if (Stream.of(account, service, region, principal).anyMatch(String::isBlank)) {
      return Stream.empty();
    }
    Instant at = time(event.path("eventTime"));
    return created.apply(event).map(resource -> resource.asText("")).filter(resource -> !resource.isBlank())
        .distinct()
        .map(resource -> new Creation(new ResourceKey(account, service, region, ResourceKey.name(resource)),
            principal, eventName, at));
  }

  private static Function<JsonNode, Stream<JsonNode>> at(String... path) {
    return event -> {
      JsonNode node = event;
      for (String field : path) {
        node = node.path(field);
      }
      return Stream.of(node);
    };
  }

  private static Stream<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static Instant time(JsonNode eventTime) {
    try {
      return Instant.parse(eventTime.asText(""));
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }

  /** The call an event records, without the API version Lambda adds to its name. */
  private static String call(String eventSource, String eventName) {
    return eventSource.equals("lambda.amazonaws.com") ? LAMBDA_API_VERSION.matcher(eventName).replaceFirst("")
        : eventName;
  }

  /** The caller: its ARN, or the AWS service that called (which can never be taught). */
  private static String principal(JsonNode identity) {
    return identity.hasNonNull("arn") ? identity.path("arn").asText() : identity.path("invokedBy").asText("");
  }
}
