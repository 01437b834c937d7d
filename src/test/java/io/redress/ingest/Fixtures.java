package io.redress.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.Finding;
import io.redress.ingest.Normalization.Accepted;
import io.redress.ingest.Normalization.Rejected;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Realistic raw findings from {@code src/test/resources/findings}, and the two ways a normalization can end. */
final class Fixtures {

  static final String EVENTBRIDGE_THREE_FINDINGS = "eventbridge-three-findings.json";
  static final String ASFF_BATCH_TWO_FINDINGS = "asff-batch-two-findings.json";
  static final String ASFF_SINGLE_FINDING = "asff-single-finding.json";
  static final long RECEIVED_AT = 1_763_630_000_000L;
  /** The Id of {@link #singleFinding()}, as reasons name it. */
  static final String SINGLE_FINDING_ID =
      "arn:aws:securityhub:us-east-1:111122223333:security-control/S3.8/finding/8c3f1a9e-52d4-4b7e-9f0a-6d2e1c4b7a35";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {
  }

  static String text(String fixture) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/findings/" + fixture)) {
      assertThat(in).as("fixture %s", fixture).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String fixture) {
    try {
      return (ObjectNode) JSON.readTree(text(fixture));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A consolidated Security Hub control finding (S3.8, FAILED, HIGH) to vary one field at a time. */
  static ObjectNode singleFinding() {
    return json(ASFF_SINGLE_FINDING);
  }

  /** Resources[0] of an ASFF finding, to vary. */
  static ObjectNode firstResource(ObjectNode asff) {
    return (ObjectNode) asff.get("Resources").get(0);
  }

  static String write(JsonNode node) {
    return node.toString();
  }

  static List<Finding> accepted(Normalization normalization) {
    assertThat(normalization).isInstanceOf(Accepted.class);
    return ((Accepted) normalization).findings();
  }

  static String rejected(Normalization normalization) {
    assertThat(normalization).isInstanceOf(Rejected.class);
    return ((Rejected) normalization).reason();
  }

  static Finding normalizeOne(JsonNode asff) {
    List<Finding> findings = accepted(FindingNormalizer.withBundledMappings().normalize(write(asff), RECEIVED_AT));
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }

  static String rejectionOf(JsonNode raw) {
    return rejected(FindingNormalizer.withBundledMappings().normalize(write(raw), RECEIVED_AT));
  }
}
