package io.redress.config;

import io.redress.contract.Mode;

/**
 * A control's mode as configured under {@code controls.<id>.mode}. Approval is not a mode of the decision
 * contract: a new symbol there would break every reader of decisions built before it, so an approval-mode control
 * is recorded as {@link Mode#AUTO} (its commands act for real once approved) and the decision names the approval.
 */
enum ControlMode {
  AUTO(Mode.AUTO),
  DRY_RUN(Mode.DRY_RUN),
  APPROVE(Mode.AUTO),
  NOTIFY_ONLY(Mode.NOTIFY_ONLY),
  OFF(Mode.OFF);

  private final Mode recorded;

  ControlMode(Mode recorded) {
    this.recorded = recorded;
  }

  /** The mode a decision records. */
  Mode recorded() {
    return recorded;
  }
}
