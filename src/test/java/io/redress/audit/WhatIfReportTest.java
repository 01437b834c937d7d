package io.redress.audit;

import static io.redress.audit.History.decided;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WhatIfReportTest {

  private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

  @Test
  void decisionsArePairedByIdInOrderSoAReimportIsComparedWithItsOwnRecord() {
    Decision first = decided("bucket-a", "S3.8", "111122223333", Outcome.DRY_RUN, AT);
    Decision again = Decision.newBuilder(first).setOutcome(Outcome.DUPLICATE).build();
    WhatIfReport.Builder builder = new WhatIfReport.Builder(AT, AT);
    builder.recorded(first);
    builder.recorded(again);
    builder.proposed(Decision.newBuilder(first).setOutcome(Outcome.REMEDIATE).build());
    builder.proposed(again);

    WhatIfReport report = builder.build();

    assertThat(report.changes()).singleElement().satisfies(change -> {
      assertThat(change.recorded().getOutcome()).isEqualTo(Outcome.DRY_RUN);
      assertThat(change.proposed().getOutcome()).isEqualTo(Outcome.REMEDIATE);
    });
    assertThat(report.outcomes().get("S3.8")).containsEntry(Outcome.DUPLICATE, new WhatIfReport.Count(1, 1))
        .containsEntry(Outcome.DRY_RUN, new WhatIfReport.Count(1, 0))
        .containsEntry(Outcome.REMEDIATE, new WhatIfReport.Count(0, 1));
    assertThat(report.remediated()).hasSize(1);
  }

  /** Decisions recorded before the id took the decision's time in are paired with their replay all the same. */
  @Test
  void aDecisionRecordedWithAnIdOfTheOlderFormIsPairedWithItsReplay() {
    Decision replayed = decided("bucket-a", "S3.8", "111122223333", Outcome.DRY_RUN, AT);
    WhatIfReport.Builder builder = new WhatIfReport.Builder(AT, AT);
    builder.recorded(Decision.newBuilder(replayed).setDecisionId("decision-of-the-older-form").build());
    builder.proposed(replayed);

    assertThat(builder.build().changes()).isEmpty();
  }

  @Test
  void aRecordedDecisionWhoseFindingIsGoneIsReportedNotLost() {
    WhatIfReport.Builder builder = new WhatIfReport.Builder(AT, AT);
    builder.recorded(decided("bucket-a", "S3.8", "111122223333", Outcome.DRY_RUN, AT));

    assertThat(builder.build().changes()).singleElement()
        .satisfies(change -> assertThat(change.proposed()).isNull());
  }

  @Test
  void thePrintedReportEscapesWhatFindingsSupplied() {
    Decision hostile = Decision.newBuilder(decided("bucket-a", "S3.8", "111122223333", Outcome.REMEDIATE, AT))
        .setReason("ok\u001b[2J\nRESOURCES forged").build();
    WhatIfReport.Builder builder = new WhatIfReport.Builder(AT, AT);
    builder.proposed(hostile);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    builder.build().print(new PrintStream(printed, true, StandardCharsets.UTF_8), 10);

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("ok\\u001B[2J\\nRESOURCES forged")
        .doesNotContain("\u001b").contains("(no recorded decision) -> REMEDIATE");
  }

  @Test
  void aLongListIsCutAtTheLimitSayingHowManyMore() {
    WhatIfReport.Builder builder = new WhatIfReport.Builder(AT, AT);
    for (int i = 0; i < 5; i++) {
      builder.proposed(decided("bucket-" + i, "S3.8", "111122223333", Outcome.REMEDIATE, AT));
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    builder.build().print(new PrintStream(printed, true, StandardCharsets.UTF_8), 2);

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Decisions that would change: 5")
        .contains("  ... and 3 more");
  }
}
