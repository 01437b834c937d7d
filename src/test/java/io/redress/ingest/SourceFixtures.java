package io.redress.ingest;

import static io.redress.ingest.Fixtures.accepted;
import static io.redress.ingest.Fixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Events and files of every source, written from each format's public documentation and from the tools' own output
 * code, in {@code src/test/resources/sources}.
 */
final class SourceFixtures {

  /** A minute after the fixtures' observation times (2025-11-20T09:14Z), when Redress read them. */
  static final long RECEIVED_AT = java.time.Instant.parse("2025-11-20T10:05:00Z").toEpochMilli();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FindingNormalizer NORMALIZER = FindingNormalizer.withBundledMappings();

  private SourceFixtures() {
  }

  static String text(String fixture) {
    try (InputStream in = SourceFixtures.class.getResourceAsStream("/sources/" + fixture)) {
      assertThat(in).as("fixture %s", fixture).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String fixture) {
    try {
      return JSON.readTree(text(fixture));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Finding> read(JsonNode raw) {
    return accepted(NORMALIZER.normalize(raw.toString(), RECEIVED_AT));
  }

  static List<Finding> read(String fixture) {
    return read(json(fixture));
  }

  static Finding readOne(JsonNode raw) {
    List<Finding> findings = read(raw);
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }

  static String rejection(JsonNode raw) {
    return rejected(NORMALIZER.normalize(raw.toString(), RECEIVED_AT));
  }
}
