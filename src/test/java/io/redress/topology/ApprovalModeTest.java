package io.redress.topology;

import static io.redress.topology.TopologyFixture.bucketFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Decision;
import io.redress.contract.Mode;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A control in approval mode: each finding's command waits on the held topic, named by its approval, for a person to
 * approve (release) or deny (discard) it; nothing reaches the executors before, and the breaker neither counts nor
 * holds it.
 */
class ApprovalModeTest {

  private final TopologyFixture redress = new TopologyFixture("""
      controls: {S3.8: {mode: approve}, S3.2: {mode: auto}}
      breaker: {thresholds: {global: 1, account: 1, control: 1}}
      """);

  @AfterEach
  void close() {
    redress.close();
  }

  @Test
  void aFindingOfAnApprovalControlIsHeldAwaitingApprovalAsAnAutoDecision() {
    redress.send(bucketFinding("needs-a-yes", "S3.8"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.HELD);
    assertThat(decision.getMode()).isEqualTo(Mode.AUTO);
    assertThat(decision.getApproval()).isEqualTo("approval:S3.8");
    assertThat(decision.getBreakerScope()).isNull();
    assertThat(decision.getReason()).contains("S3.8 needs approval").contains("approval:S3.8");
    assertThat(decision.getCommandId()).isNotNull();
  }

  @Test
  void itsCommandWaitsOnTheHeldTopicNamedByTheApprovalAndNeverReachesTheExecutors() {
    redress.send(bucketFinding("needs-a-yes", "S3.8"));

    RemediationCommand held = redress.held.readValue();
    assertThat(held.getHeldBy()).isEqualTo("approval:S3.8");
    assertThat(held.getDryRun()).isFalse();
    assertThat(redress.commands.isEmpty()).isTrue();
  }

  @Test
  void approvalsAreNeitherCountedNorHeldByTheBreaker() {
    redress.send(bucketFinding("first", "S3.8"));
    redress.send(bucketFinding("second", "S3.8"));
    redress.send(bucketFinding("auto", "S3.2"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome, Decision::getApproval)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.HELD, "approval:S3.8"),
            org.assertj.core.groups.Tuple.tuple(Outcome.HELD, "approval:S3.8"),
            org.assertj.core.groups.Tuple.tuple(Outcome.REMEDIATE, null));
    assertThat(redress.breaker.isEmpty()).isTrue();
  }
}
