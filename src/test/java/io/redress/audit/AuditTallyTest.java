package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import org.junit.jupiter.api.Test;

class AuditTallyTest {

  private final AuditTally tally = new AuditTally();

  private static Decision withCommand(Outcome outcome) {
    Decision decision = AuditRecords.decision("arn:aws:s3:::team-reports", "reason");
    decision.setOutcome(outcome);
    decision.setCommandId("command-1");
    return decision;
  }

  @Test
  void anAdmittedCommandIsAwaitedUntilItsResultIsSeen() throws InterruptedException {
    tally.decided(withCommand(Outcome.REMEDIATE));

    assertThat(tally.await(1, 0, 0)).isFalse();
    tally.resulted();
    assertThat(tally.await(1, 0, 0)).isTrue();
  }

  @Test
  void aCommandAwaitingApprovalIsNotAwaited() throws InterruptedException {
    Decision awaitingApproval = withCommand(Outcome.HELD);
    awaitingApproval.setApproval("approval:S3.8");

    tally.decided(awaitingApproval);

    assertThat(tally.await(1, 0, 0)).as("no result comes before a person approves").isTrue();
  }

  @Test
  void aCommandHeldByTheBreakerIsNotAwaited() throws InterruptedException {
    Decision held = withCommand(Outcome.HELD);
    held.setBreakerScope("account:111122223333");

    tally.decided(held);

    assertThat(tally.await(1, 0, 0)).isTrue();
  }
}
