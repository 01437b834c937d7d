package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code redress config reference}: the configuration reference, printed or written into a file. */
class ConfigCommandTest {

  @Test
  void theReferenceIsPrintedAsAMarkdownTable() {
    Cli.Run run = Cli.redress("config", "reference");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(ConfigReference.markdown())
        .contains("| `kafka.bootstrap-servers` | none: the embedded single-node broker |"
            + " `REDRESS_KAFKA_BOOTSTRAP_SERVERS` |");
  }

  @Test
  void theReferenceReachesStandardOutputBeforeTheProcessExits() {
    Cli.Run run = Cli.launched("config", "reference");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(ConfigReference.markdown());
  }

  @Test
  void updateRewritesTheReferenceInAFileAndLeavesTheRestAlone(@TempDir Path dir) throws Exception {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "# Redress\n" + ConfigReference.BEGIN + "\nold\n" + ConfigReference.END + "\nmore\n");

    Cli.Run run = Cli.redress("config", "reference", "--update", readme.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("reference updated");
    assertThat(Files.readString(readme)).isEqualTo("# Redress\n" + ConfigReference.markdown() + "more\n");
    assertThat(Cli.redress("config", "reference", "--update", readme.toString()).out()).contains("up to date");
  }

  @Test
  void aFileWithoutTheMarkersIsRefusedWithStatusTwo(@TempDir Path dir) throws Exception {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "# Redress\n");

    Cli.Run run = Cli.redress("config", "reference", "--update", readme.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("add both where the reference belongs");
    assertThat(Files.readString(readme)).isEqualTo("# Redress\n");
  }
}
