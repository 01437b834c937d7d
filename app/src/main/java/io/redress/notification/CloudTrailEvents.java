package io.redress.notification;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads who created what from CloudTrail management events: the EventBridge "AWS API Call via CloudTrail" event on
 * {@code redress.cloudtrail}, or the {@code CloudTrailEvent} record the LookupEvents API returns. A creation is
 * keyed by account and the resource's own name (a bucket name, {@code sg-...}, an instance or key id), which is
 * the last part of the id a finding reports, ARN or not.
 */
final class CloudTrailEvents {

  /** Who made a resource, and with which call. */
  record Creation(String key, String principal, String eventName) {
  }

  /**
   * Lambda records each call under its name and the API version it came in by ({@code CreateFunction20150331},
   * {@code AddPermission20150331v2}); the version is cut off before the call is looked up below.
   */
  private static final Pattern LAMBDA_API_VERSION = Pattern.compile("\\d{8}(v\\d+)?$");

  /** Where each creating call names the resource it made, by the call's name without an API version. */
  private static final Map<String, Function<JsonNode, JsonNode>> CREATED = Map.ofEntries(
      Map.entry("CreateBucket", event -> event.path("requestParameters").path("bucketName")),
      Map.entry("CreateSecurityGroup", event -> event.path("responseElements").path("groupId")),
      Map.entry("AuthorizeSecurityGroupIngress", event -> event.path("requestParameters").path("groupId")),
      Map.entry("RunInstances", event -> event.path("responseElements").path("instancesSet").path("items")
          .path(0).path("instanceId")),
      Map.entry("CreateDBInstance", event -> event.path("requestParameters").path("dBInstanceIdentifier")),
      Map.entry("CreateDBSnapshot", event -> event.path("requestParameters").path("dBSnapshotIdentifier")),
      Map.entry("CreateUser", event -> event.path("requestParameters").path("userName")),
      Map.entry("CreateKey", event -> event.path("responseElements").path("keyMetadata").path("keyId")),
      Map.entry("CreateTrail", event -> event.path("requestParameters").path("name")),
      Map.entry("CreateSnapshot", event -> event.path("responseElements").path("snapshotId")),
      Map.entry("AddPermission", event -> event.path("requestParameters").path("functionName")),
      Map.entry("CreateFunction", event -> event.path("requestParameters").path("functionName")),
      Map.entry("CreateTopic", event -> event.path("requestParameters").path("name")),
      Map.entry("CreateQueue", event -> event.path("requestParameters").path("queueName")));

  private CloudTrailEvents() {
  }

  /** @param event a CloudTrail record (an EventBridge event's {@code detail}) */
  static Optional<Creation> creation(JsonNode event) {
    String eventName = event.path("eventName").asText("");
    Function<JsonNode, JsonNode> created = CREATED.get(call(event.path("eventSource").asText(""), eventName));
    if (created == null || event.hasNonNull("errorCode")) {
      return Optional.empty();
    }
    String resource = created.apply(event).asText("");
    String account = event.path("recipientAccountId").asText(event.path("userIdentity").path("accountId").asText(""));
    String principal = principal(event.path("userIdentity"));
    if (resource.isBlank() || account.isBlank() || principal.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Creation(key(account, resource), principal, eventName));
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

  /** {@code account/name}, where name is what follows the last {@code :} or {@code /} of an id or ARN. */
  static String key(String account, String resourceId) {
    String name = resourceId.substring(resourceId.lastIndexOf(':') + 1);
    return account + "/" + name.substring(name.lastIndexOf('/') + 1);
  }
}
