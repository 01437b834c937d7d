package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ProgressLine progress = new ProgressLine("audit", new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void aReplayShowsWhereItStartsAndEndsOnOneRewrittenLine() {
    progress.read(0, 250_000);
    progress.read(250_000, 250_000);

    String shown = err.toString(StandardCharsets.UTF_8);
    assertThat(shown).startsWith("\raudit: read 0 of 250,000 records (0%)")
        .endsWith("\raudit: read 250,000 of 250,000 records (100%)\n");
  }

  @Test
  void nothingToReadIsDoneAtOnce() {
    progress.read(0, 0);

    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("\raudit: read 0 of 0 records (100%)\n");
  }
}
