package io.redress.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Redress's own meters reach a node's registry, tagged by names from the code only. */
class RedressMetersTest {

  @Test
  void everyDeadLetterMadeIsCountedByItsStage() {
    try (ProcessMetrics metrics = new ProcessMetrics()) {
      DeadLetters.Origin origin = new DeadLetters.Origin("redress.findings.raw", 0, 7,
          "arn:aws:s3:::secret-bucket".getBytes(StandardCharsets.UTF_8), 0);

      DeadLetters.of(origin, new byte[] {1}, "normalize", "bad");
      DeadLetters.of(origin, new byte[] {2}, "normalize", "bad");
      DeadLetters.of(origin, new byte[] {3}, "execute", "bad");

      assertThat(metrics.registry().get("redress.dead.letters").tag("stage", "normalize").counter().count())
          .isEqualTo(2);
      assertThat(metrics.registry().scrape())
          .contains("redress_dead_letters_total{stage=\"execute\"} 1.0")
          .doesNotContain("secret-bucket");
    }
  }

  @Test
  void aClosedNodeRegistryCountsNoMore() {
    ProcessMetrics metrics = new ProcessMetrics();
    metrics.close();

    RedressMeters.deadLetter("counted-after-close");

    assertThat(metrics.registry().find("redress.dead.letters").tag("stage", "counted-after-close").counter())
        .isNull();
  }
}
