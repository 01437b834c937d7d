package io.redress.notification;

import io.redress.contract.BreakerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything the breaker alert template may use. Times are ISO-8601 UTC strings and the window is in words, so
 * the template needs no date formatting of its own. {@code openedBy} and {@code reopensAt} may be null.
 */
public record BreakerAlertModel(
    String scope,
    int count,
    int threshold,
    String window,
    String openedAt,
    String openedBy,
    String reopensAt,
    String reason) {

  static BreakerAlertModel of(BreakerState state) {
    Instant openedAt = Objects.requireNonNullElse(state.getOpenedAt(), state.getUpdatedAt());
    return new BreakerAlertModel(
        state.getScope(),
        state.getCount(),
        state.getThreshold(),
        inWords(Duration.ofMillis(state.getWindowMillis())),
        openedAt.toString(),
        state.getOpenedBy(),
        state.getReopensAt() == null ? null : state.getReopensAt().toString(),
        state.getReason());
  }

  static String inWords(Duration window) {
    if (window.isZero() || window.toMillisPart() != 0) {
      return plural(window.toMillis(), "millisecond");
    }
    if (window.toSecondsPart() != 0) {
      return plural(window.toSeconds(), "second");
    }
    if (window.toMinutesPart() != 0) {
      return plural(window.toMinutes(), "minute");
    }
    return plural(window.toHours(), "hour");
  }

  private static String plural(long amount, String unit) {
    return amount == 1 ? "1 " + unit : amount + " " + unit + "s";
  }
}
