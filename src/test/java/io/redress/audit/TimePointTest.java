package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimePointTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void anAgeCountsBackFromNow() {
    assertThat(TimePoint.parse("30d", NOW)).isEqualTo(Instant.parse("2026-10-28T12:00:00Z"));
    assertThat(TimePoint.parse("12h", NOW)).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(TimePoint.parse("90m", NOW)).isEqualTo(Instant.parse("2026-11-27T10:30:00Z"));
  }

  @Test
  void aDayIsItsUtcMidnightAndAnInstantIsItself() {
    assertThat(TimePoint.parse("2026-11-01", NOW)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(TimePoint.parse("2026-11-01T09:30:00Z", NOW)).isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
  }

  @Test
  void anythingElseIsRefusedWithItsTextEscaped() {
    assertThatThrownBy(() -> TimePoint.parse("30d\u001b[2J", NOW))
        .hasMessageStartingWith("'30d\\u001B[2J' is not a time");
    assertThatThrownBy(() -> TimePoint.parse("-5d", NOW)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTimeBefore1970IsRefusedAsKafkaLooksUpNone() {
    assertThatThrownBy(() -> TimePoint.parse("1969-12-31", NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before 1970-01-01");
    assertThatThrownBy(() -> TimePoint.parse("99999d", NOW)).isInstanceOf(IllegalArgumentException.class);
    assertThat(TimePoint.parse("1970-01-01", NOW)).isEqualTo(Instant.EPOCH);
  }

  @Test
  void aRangeIncludesItsStartAndExcludesItsEnd() {
    TimeRange range = new TimeRange(Optional.of(Instant.ofEpochMilli(10)), Optional.of(Instant.ofEpochMilli(20)));
    assertThat(range.contains(9)).isFalse();
    assertThat(range.contains(10)).isTrue();
    assertThat(range.contains(19)).isTrue();
    assertThat(range.contains(20)).isFalse();
    assertThat(TimeRange.ALL.contains(Long.MIN_VALUE)).isTrue();
  }
}
