package io.redress.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.Resource;
import io.redress.kafka.RecordKeys;
import io.redress.testing.SecurityHubEvents;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Security Hub events as trees, so the fuzzer can break one field at a time, and what an event tells the audit:
 * the finding id decisions carry and the resource key later steps key their records by.
 */
final class FindingEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FindingEvents() {
  }

  /** The valid S3.8 event the tests use, as a tree. */
  static ObjectNode publicBucket(String account, String bucket) {
    try {
      return (ObjectNode) JSON.readTree(SecurityHubEvents.publicBucket(account, bucket, Instant.now()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the sample Security Hub event is not JSON", e);
    }
  }

  static ObjectNode finding(ObjectNode event) {
    return (ObjectNode) event.path("detail").path("findings").get(0);
  }

  static ObjectNode firstResource(ObjectNode event) {
    return (ObjectNode) finding(event).path("Resources").get(0);
  }

  static byte[] bytes(JsonNode event) {
    try {
      return JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(JsonNode event) {
    return new String(bytes(event), StandardCharsets.UTF_8);
  }

  /** Describes an input built from an event, however broken: what is not text where expected stays unknown. */
  static Input describe(String key, String phase, String kind, String variant, Expectation expectation,
      JsonNode event) {
    JsonNode finding = event.path("detail").path("findings").path(0);
    return new Input(key, phase, kind, variant, expectation, textOrNull(finding.path("Id")),
        resourceKey(finding));
  }

  private static String resourceKey(JsonNode finding) {
    JsonNode resource = finding.path("Resources").path(0);
    String id = textOrNull(resource.path("Id"));
    String account = textOrNull(finding.path("AwsAccountId"));
    String region = resource.path("Region").isTextual() ? resource.path("Region").asText()
        : textOrNull(finding.path("Region"));
    if (id == null || account == null || region == null) {
      return null;
    }
    String partition = resource.path("Partition").isTextual() ? resource.path("Partition").asText() : "aws";
    return RecordKeys.resource(Resource.newBuilder()
        .setType(resource.path("Type").asText("unknown"))
        .setId(id)
        .setPartition(partition)
        .setAccount(account)
        .setRegion(region)
        .build());
  }

  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
