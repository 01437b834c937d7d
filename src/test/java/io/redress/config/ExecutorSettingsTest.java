package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code executor.concurrency} and {@code executor.per-account-region}: how many commands an executor runs at once. */
class ExecutorSettingsTest {

  @Test
  void byDefaultSixteenRunAtOnceAndEightInOneAccountAndRegion() {
    RedressConfig.ExecutorSettings executor = ConfigLoader.defaults(Map.of()).executor();

    assertThat(executor.concurrency()).isEqualTo(16);
    assertThat(executor.perAccountRegion()).isEqualTo(8);
  }

  @Test
  void bothAreReadFromTheFileAndTheEnvironment() {
    assertThat(ConfigLoader.fromYaml("executor: {concurrency: 4, per-account-region: 2}", Map.of()).executor())
        .isEqualTo(new RedressConfig.ExecutorSettings(4, 2));
    assertThat(ConfigLoader.defaults(Map.of("REDRESS_EXECUTOR_CONCURRENCY", "1",
        "REDRESS_EXECUTOR_PER_ACCOUNT_REGION", "1")).executor()).isEqualTo(new RedressConfig.ExecutorSettings(1, 1));
  }

  @Test
  void fewerThanOneIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("executor: {concurrency: 0}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("executor.concurrency: must be at least 1, got 0");
    assertThatThrownBy(() -> ConfigLoader.fromYaml("executor: {per-account-region: 0}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("executor.per-account-region: must be at least 1, got 0");
  }
}
