package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhatIfTest {

  private static final RedressConfig PROPOSED =
      ConfigLoader.fromYaml("cooldown: PT6H\nbreaker: {window: PT1H}", Map.of());

  @Test
  void findingsAreReplayedFromTheLongerOfTheCooldownAndTheBreakerWindowBeforeThePeriod() {
    assertThat(WhatIf.replayFrom(Instant.parse("2026-11-01T12:00:00Z"), PROPOSED))
        .isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
  }

  @Test
  void aPeriodFromKafkasTimeZeroIsReplayedFromTimeZero() {
    assertThat(WhatIf.replayFrom(Instant.EPOCH, PROPOSED)).isEqualTo(Instant.EPOCH);
    assertThat(WhatIf.replayFrom(Instant.parse("1970-01-01T02:00:00Z"), PROPOSED)).isEqualTo(Instant.EPOCH);
  }
}
