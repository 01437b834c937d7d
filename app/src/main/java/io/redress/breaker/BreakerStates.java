package io.redress.breaker;

import io.redress.contract.BreakerState;
import java.util.Optional;

/** The last known state of each breaker scope; a scope that never tripped has none. */
public interface BreakerStates {

  Optional<BreakerState> get(String scope);

  void put(BreakerState state);
}
