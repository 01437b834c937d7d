package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ProgressLine onATerminal = progress(true);
  private final ProgressLine inALog = progress(false);

  private ProgressLine progress(boolean terminal) {
    return new ProgressLine("audit", new PrintStream(err, true, StandardCharsets.UTF_8), terminal, now::get);
  }

  private String shown() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalAReplayShowsWhereItStartsAndEndsOnOneRewrittenLine() {
    onATerminal.read(0, 250_000);
    onATerminal.read(250_000, 250_000);

    assertThat(shown()).isEqualTo("\raudit: read 0 of 250,000 records (0%)"
        + "\raudit: read 250,000 of 250,000 records (100%)\n");
  }

  @Test
  void onATerminalTheLineIsRewrittenOnceASecondAtMost() {
    onATerminal.read(0, 100);
    now.addAndGet(999);
    onATerminal.read(10, 100);
    now.addAndGet(1);
    onATerminal.read(20, 100);

    assertThat(shown()).isEqualTo("\raudit: read 0 of 100 records (0%)\raudit: read 20 of 100 records (20%)");
  }

  @Test
  void elsewhereEachShowingIsAWholeLineNoOftenerThanEveryTenSecondsAndTheLastAlways() {
    inALog.read(0, 100);
    now.addAndGet(9_999);
    inALog.read(10, 100);
    now.addAndGet(1);
    inALog.read(20, 100);
    inALog.read(100, 100);

    assertThat(shown()).doesNotContain("\r").isEqualTo("""
        audit: read 0 of 100 records (0%)
        audit: read 20 of 100 records (20%)
        audit: read 100 of 100 records (100%)
        """);
  }

  @Test
  void nothingToReadIsDoneAtOnce() {
    onATerminal.read(0, 0);

    assertThat(shown()).isEqualTo("\raudit: read 0 of 0 records (100%)\n");
  }
}
