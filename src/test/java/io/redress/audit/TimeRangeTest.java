package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

  private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void aRangeEndingWhereItStartsHoldsNothingAndIsRefused() {
    assertThatThrownBy(() -> new TimeRange(Optional.of(T), Optional.of(T)))
        .hasMessage("--from 2026-11-01T00:00:00Z is not before --to 2026-11-01T00:00:00Z");
  }

  @Test
  void itHoldsItsFirstMillisecondAndNotItsEnd() {
    TimeRange range = new TimeRange(Optional.of(T), Optional.of(T.plusMillis(2)));

    assertThat(range.contains(T.toEpochMilli() - 1)).isFalse();
    assertThat(range.contains(T.toEpochMilli())).isTrue();
    assertThat(range.contains(T.toEpochMilli() + 1)).isTrue();
    assertThat(range.contains(T.toEpochMilli() + 2)).isFalse();
  }

  @Test
  void openEndsHoldEverythingOnTheirSide() {
    assertThat(new TimeRange(Optional.empty(), Optional.of(T)).contains(Long.MIN_VALUE)).isTrue();
    assertThat(new TimeRange(Optional.of(T), Optional.empty()).contains(Long.MAX_VALUE)).isTrue();
  }
}
