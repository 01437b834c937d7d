package io.redress.breaker;

import io.redress.config.RedressConfig.BreakerSettings;
import io.redress.contract.Decision;
import java.util.List;

/** One counted scope of the breaker and its threshold. */
public record BreakerScope(String name, int threshold) {

  private static final String GLOBAL = "global";
  private static final String ACCOUNT = "account:";
  private static final String CONTROL = "control:";

  /** Broadest first, so that when everything is open the decision names the global breaker. */
  static List<BreakerScope> of(Decision decision, BreakerSettings settings) {
    return List.of(
        new BreakerScope(GLOBAL, settings.global()),
        new BreakerScope(ACCOUNT + decision.getFinding().getResource().getAccount(), settings.perAccount()),
        new BreakerScope(CONTROL + decision.getFinding().getControl(), settings.perControl()));
  }

  /** Whether {@code name} is a scope's name as {@link #of} makes them: a command id never is. */
  public static boolean isName(String name) {
    return name.equals(GLOBAL) || name.startsWith(ACCOUNT) || name.startsWith(CONTROL);
  }
}
