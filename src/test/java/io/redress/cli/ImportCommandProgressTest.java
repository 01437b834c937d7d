package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The import's progress on stderr: a bar on a terminal, one line per file elsewhere. */
class ImportCommandProgressTest {

  private final StringWriter err = new StringWriter();

  @Test
  void onATerminalABarIsRedrawnInPlaceAndEndsTheLineWhenDone() {
    ImportProgress progress = ImportProgress.on(new PrintWriter(err), true, "scan.json", 4);

    progress.advance(2);
    progress.done();

    assertThat(err.toString()).startsWith("\rscan.json [" + "#".repeat(15) + " ".repeat(15) + "] 2/4 records")
        .endsWith("\rscan.json [" + "#".repeat(15) + " ".repeat(15) + "] 2/4 records" + System.lineSeparator());
  }

  @Test
  void elsewhereEachFileGetsOneLineWhenDone() {
    ImportProgress progress = ImportProgress.on(new PrintWriter(err), false, "scan.json", 1);

    progress.advance(1);

    assertThat(err.toString()).isEmpty();
    progress.done();
    assertThat(err.toString()).isEqualTo("scan.json: 1/1 record" + System.lineSeparator());
  }

  @Test
  void anEmptyFileShowsAFullBar() {
    ImportProgress.on(new PrintWriter(err), true, "empty.json", 0).done();

    assertThat(err.toString()).contains("[" + "#".repeat(30) + "] 0/0 records");
  }
}
