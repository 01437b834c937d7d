package io.redress.audit;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.Topics;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.SecurityHubEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What-if with tighter {@code ingest.sources} limits, on a history the real topology made: the findings a source would
 * no longer be let deliver are reported as refused at ingest, with the reason the topology would give, instead of
 * being decided; a finding that named no source is not limited.
 */
class WhatIfIngestLimitsIT {

  private static final String OWN = "111122223333";
  private static final String OTHER = "444455556666";
  private static final String SETTINGS = "controls: {default-mode: dry-run}\n";

  @Test
  void theFindingsATighterSourceLimitWouldRefuseAreReportedInsteadOfDecided() throws Exception {
    try (LiveRun run = LiveRun.start(SETTINGS, 1)) {
      run.startTopology();
      Instant observed = Instant.now().minus(Duration.ofMinutes(5));
      run.sendEvent(SecurityHubEvents.publicBucket(OWN, "own-bucket", observed), "cspm");
      run.sendEvent(SecurityHubEvents.publicBucket(OTHER, "other-bucket", observed), "cspm");
      run.sendEvent(SecurityHubEvents.publicBucket(OTHER, "unnamed-bucket", observed));
      readExactly(run.client(), Topics.UNPREFIXED.decisions(), Decision.class, 3);

      WhatIfReport report = WhatIf.run(run.client(), ConfigLoader.fromYaml(SETTINGS
          + "ingest: {sources: {cspm: {accounts: [\"" + OWN + "\"]}}}\n", Map.of()), RemediationCatalogue.discover(),
          Instant.EPOCH, (read, total) -> { });

      String reason = "source 'cspm' may deliver findings only for account(s) " + OWN
          + " (ingest.sources.cspm.accounts), and its finding names account " + OTHER;
      assertThat(report.refusedAtIngest()).singleElement().satisfies(refused -> {
        assertThat(refused.finding().getResource().getId().toString()).endsWith("other-bucket");
        assertThat(refused.reason()).isEqualTo(reason);
      });
      assertThat(report.proposedDecisions()).isEqualTo(2);
      assertThat(report.changes()).singleElement().satisfies(change -> {
        assertThat(change.recorded().getOutcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(change.proposed()).isNull();
        assertThat(change.refusedAtIngest()).hasValue(reason);
      });
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      report.print(new PrintStream(printed, true, StandardCharsets.UTF_8), 10);
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains(
          "Findings the proposed ingest.sources would refuse: 1", "S3.8 DRY_RUN -> REFUSED at ingest: " + reason);
    }
  }
}
