package io.redress.topology;

import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;

/** The command a decision issues. */
final class Commands {

  private Commands() {
  }

  static RemediationCommand of(Decision decision) {
    return RemediationCommand.newBuilder()
        .setCommandId(decision.getCommandId())
        .setDecisionId(decision.getDecisionId())
        .setFindingId(decision.getFinding().getFindingId())
        .setControl(decision.getFinding().getControl())
        .setAction(decision.getAction())
        .setResource(decision.getFinding().getResource())
        .setDryRun(decision.getOutcome() == Outcome.DRY_RUN)
        .setIssuedAt(decision.getDecidedAt())
        .setHeldBy(decision.getOutcome() != Outcome.HELD ? null
            : decision.getApproval() != null ? decision.getApproval() : decision.getBreakerScope())
        .build();
  }
}
