package io.redress.breaker;

import io.redress.config.RedressConfig.BreakerSettings;
import io.redress.contract.Decision;
import java.util.List;

/** One counted scope of the breaker and its threshold. */
record BreakerScope(String name, int threshold) {

  /** Broadest first, so that when everything is open the decision names the global breaker. */
  static List<BreakerScope> of(Decision decision, BreakerSettings settings) {
    return List.of(
        new BreakerScope("global", settings.global()),
        new BreakerScope("account:" + decision.getFinding().getResource().getAccount(), settings.perAccount()),
        new BreakerScope("control:" + decision.getFinding().getControl(), settings.perControl()));
  }
}
