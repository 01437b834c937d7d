package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceTagTest {

  @Test
  void keyAndValueSplitAtTheFirstEquals() {
    assertThat(ResourceTag.parse("team=a=b")).isEqualTo(new ResourceTag("team", "a=b"));
    assertThat(ResourceTag.parse("redress=")).isEqualTo(new ResourceTag("redress", ""));
  }

  @Test
  void anEmptyKeyIsRefused() {
    assertThatThrownBy(() -> ResourceTag.parse("=managed")).hasMessageContaining("1 to 128 characters");
  }

  @Test
  void theLongestKeyAndValueAwsAllowsAreAcceptedAndOneMoreIsNot() {
    assertThat(new ResourceTag("k".repeat(128), "v".repeat(256)).key()).hasSize(128);
    assertThatThrownBy(() -> new ResourceTag("k".repeat(129), "v")).hasMessageContaining("1 to 128 characters");
    assertThatThrownBy(() -> new ResourceTag("k", "v".repeat(257))).hasMessageContaining("at most 256");
  }

  @Test
  void aCharacterOutsideAwsTagCharactersIsRefused() {
    assertThatThrownBy(() -> ResourceTag.parse("owner=${aws:username}"))
        .hasMessageContaining("has a character AWS does not allow in tags");
  }

  @Test
  void awsPrefixedKeysAreRefusedWhateverTheirCase() {
    assertThatThrownBy(() -> ResourceTag.parse("AWS:x=1")).hasMessageContaining("AWS's own");
  }
}
