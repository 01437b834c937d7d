package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigException;
import io.redress.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditRetentionSettingsTest {

  @Test
  void theAuditTrailIsKeptForEverUnlessConfiguredOtherwise() {
    assertThat(ConfigLoader.fromYaml("{}", Map.of()).audit().retention()).isEmpty();
  }

  @Test
  void aConfiguredRetentionIsAnIsoDuration() {
    assertThat(ConfigLoader.fromYaml("audit: {retention: P400D}", Map.of()).audit().retention())
        .contains(Duration.ofDays(400));
  }

  @Test
  void aRetentionOfNothingIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("audit: {retention: PT0S}", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("audit.retention").hasMessageContaining("positive");
  }
}
