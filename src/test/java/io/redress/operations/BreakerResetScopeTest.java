package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A reset names its scope as the breaker does, whatever the case a person typed a control in. */
class BreakerResetScopeTest {

  @Test
  void aControlTypedInAnotherCaseResetsTheScopeTheBreakerOpened() {
    assertThat(BreakerResets.named(Set.of("global", "control:S3.8"), "control:s3.8")).isEqualTo("control:S3.8");
    assertThat(BreakerResets.named(Set.of("GLOBAL"), "global")).isEqualTo("GLOBAL");
  }

  @Test
  void anExactNameWinsOverOnesDifferingInCase() {
    assertThat(BreakerResets.named(Set.of("control:S3.8", "control:s3.8"), "control:s3.8")).isEqualTo("control:s3.8");
  }

  @Test
  void aScopeNoStateNamesIsKeptAsAsked() {
    assertThat(BreakerResets.named(Set.of("control:S3.8"), "control:S3.9")).isEqualTo("control:S3.9");
    assertThat(BreakerResets.named(Set.of(), "control:s3.8")).isEqualTo("control:s3.8");
  }

  @Test
  void aScopeMatchingSeveralOnlyByCaseIsRefused() {
    assertThatThrownBy(() -> BreakerResets.named(Set.of("control:S3.8", "control:s3.8"), "CONTROL:S3.8"))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("names control:S3.8 and control:s3.8");
  }
}
