package io.redress.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The breaker's state per scope as a gauge, {@code redress.breaker.open{scope}}: 1 while the scope's breaker holds
 * commands, 0 once it closed. Fed with each state the breaker topic carries; a scope appears with its first state
 * (one that never tripped has none). Scopes are {@code global}, {@code account:<id>} and {@code control:<id>}, so
 * the series are as many as the accounts and controls that ever tripped.
 */
public final class BreakerGauges {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, BreakerState> states = new ConcurrentHashMap<>();

  public BreakerGauges(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** The scope's latest state; {@code null} (a tombstone on the topic) forgets it, which reads as closed. */
  public void update(String scope, BreakerState state) {
    if (state == null) {
      states.remove(scope);
      return;
    }
    if (states.put(scope, state) == null) {
      Gauge.builder("redress.breaker.open", this, gauges -> gauges.isOpen(scope) ? 1 : 0)
          .tag("scope", scope)
          .description("1 while the scope's breaker holds every command of the scope, 0 when it admits them")
          .register(registry);
    }
  }

  /**
   * An open breaker closes by itself at {@code reopensAt}, which the topic only shows when the next command of the
   * scope passes; the gauge must not say "open" for hours after it closed.
   */
  private boolean isOpen(String scope) {
    BreakerState state = states.get(scope);
    return state != null && state.getStatus() == BreakerStatus.OPEN
        && (state.getReopensAt() == null || state.getReopensAt().isAfter(clock.instant()));
  }
}
