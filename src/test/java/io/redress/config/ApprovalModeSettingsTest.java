package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalModeSettingsTest {

  @Test
  void aControlInApprovalModeActsForRealOnceApprovedAndNeedsApproval() {
    RedressConfig.PolicySettings policy =
        ConfigLoader.fromYaml("controls: {S3.8: {mode: approve}, S3.2: {mode: auto}}", Map.of()).policy();

    assertThat(policy.modeOf("S3.8")).isEqualTo(Mode.AUTO);
    assertThat(policy.requiresApproval("S3.8")).isTrue();
    assertThat(policy.requiresApproval("s3.8")).isTrue();
    assertThat(policy.requiresApproval("S3.2")).isFalse();
    assertThat(policy.requiresApproval("EC2.19")).isFalse();
  }

  @Test
  void approvalModeCanBeSetFromTheEnvironment() {
    RedressConfig config = ConfigLoader.fromYaml("controls: {S3.8: {mode: auto}}",
        Map.of("REDRESS_CONTROLS_S3_8_MODE", "approve"));

    assertThat(config.policy().requiresApproval("S3.8")).isTrue();
  }

  @Test
  void anUnknownControlModeNamesApproveAmongTheChoices() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("controls: {S3.8: {mode: approved}}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("controls.S3.8.mode")
        .hasMessageContaining("one of auto, dry-run, approve, notify-only, off");
  }

  @Test
  void halfOpenIsOffUnlessConfiguredAndItsTrickleIsAtLeastOne() {
    assertThat(ConfigLoader.fromYaml("", Map.of()).breaker().halfOpenAfter()).isEmpty();
    assertThat(ConfigLoader.fromYaml("breaker: {half-open-after: PT10M}", Map.of()).breaker().halfOpenTrickle())
        .isEqualTo(1);
    assertThatThrownBy(() -> ConfigLoader.fromYaml("breaker: {half-open-trickle: 0}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("breaker.half-open-trickle");
  }
}
