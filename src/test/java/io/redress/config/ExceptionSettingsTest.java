package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code exceptions.max-expiry}: the longest an exception published through Redress's commands may run. */
class ExceptionSettingsTest {

  @Test
  void theDefaultIsNinetyDays() {
    assertThat(ConfigLoader.defaults(Map.of()).exceptions().maxExpiry()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void itIsReadFromTheFileAndTheEnvironment() {
    assertThat(ConfigLoader.fromYaml("exceptions: {max-expiry: P30D}", Map.of()).exceptions().maxExpiry())
        .isEqualTo(Duration.ofDays(30));
    assertThat(ConfigLoader.defaults(Map.of("REDRESS_EXCEPTIONS_MAX_EXPIRY", "P7D")).exceptions().maxExpiry())
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void aMaximumThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("exceptions: {max-expiry: PT0S}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("exceptions.max-expiry: must be positive, got PT0S");
  }
}
