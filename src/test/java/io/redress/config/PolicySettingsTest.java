package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySettingsTest {

  private static final RedressConfig.PolicySettings POLICY = ConfigLoader.fromYaml("""
      controls:
        default-mode: notify-only
        CloudTrail.1: {mode: auto}
      """, Map.of()).policy();

  @Test
  void aControlIdIsTheSameControlWhateverItsCase() {
    assertThat(POLICY.modeOf("CloudTrail.1")).isEqualTo(Mode.AUTO);
    assertThat(POLICY.modeOf("CLOUDTRAIL.1")).isEqualTo(Mode.AUTO);
    assertThat(POLICY.modeOf("cloudtrail.1")).isEqualTo(Mode.AUTO);
  }

  @Test
  void aConfiguredControlIsFoundWhateverItsCase() {
    assertThat(POLICY.controls()).containsKey("CLOUDTRAIL.1");
    assertThat(POLICY.controls()).doesNotContainKey("CloudTrail.2");
  }

  @Test
  void anotherControlGetsTheDefaultMode() {
    assertThat(POLICY.modeOf("CloudTrail.2")).isEqualTo(Mode.NOTIFY_ONLY);
  }

  @Test
  void modesAreReadInAnyCase() {
    RedressConfig config =
        ConfigLoader.fromYaml("controls: {default-mode: Notify-Only, S3.8: {mode: DRY-RUN}}", Map.of());

    assertThat(config.policy().defaultMode()).isEqualTo(Mode.NOTIFY_ONLY);
    assertThat(config.policy().modeOf("S3.8")).isEqualTo(Mode.DRY_RUN);
  }

  @Test
  void aBareOffInYamlIsTheModeOffNotFalse() {
    RedressConfig config = ConfigLoader.fromYaml("controls: {S3.8: {mode: off}}", Map.of());

    assertThat(config.policy().modeOf("S3.8")).isEqualTo(Mode.OFF);
  }
}
