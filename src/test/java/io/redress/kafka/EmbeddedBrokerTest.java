package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
  @TempDir
  Path dataDir;

  @Test
  void aMissingClasspathFileIsReportedWithHowToPrepareIt() {
    Path missing = dataDir.resolve("classpath.txt");

    assertThatThrownBy(() -> EmbeddedBroker.start(missing, dataDir))
        .isInstanceOf(KafkaSetupException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("./redress");
  }
}
