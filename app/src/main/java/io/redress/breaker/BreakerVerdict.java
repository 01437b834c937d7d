package io.redress.breaker;

import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import java.util.List;

/**
 * The breaker's answer for one remediation: the decision (REMEDIATE if admitted, HELD if not) and the breaker
 * states that changed while deciding it, which go to the breaker topic and, when one opened, to a human.
 */
public record BreakerVerdict(Decision decision, List<BreakerState> changes) {
}
