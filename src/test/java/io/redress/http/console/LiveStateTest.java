package io.redress.http.console;

import static io.redress.http.console.ConsoleRecords.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Decision;
import io.redress.contract.HeldResolution;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import org.junit.jupiter.api.Test;

/** The console's view of the topics: what is pending, what is kept, and how much. */
class LiveStateTest {

  private final LiveState state = new LiveState(10);

  @Test
  void aResolvedCommandIsNoLongerPendingEvenIfAnotherCopyOfItIsReadLater() {
    state.held(command("c-1"));
    state.held(command("c-2"));

    state.resolution(resolution("c-1"));
    state.held(command("c-1"));

    assertThat(state.pending(command -> true)).extracting(RemediationCommand::getCommandId).containsExactly("c-2");
    assertThat(state.resolutions()).extracting(HeldResolution::getCommandId).containsExactly("c-1");
  }

  @Test
  void aResolutionReadBeforeItsHeldCommandKeepsTheCommandOffTheQueue() {
    state.resolution(resolution("c-1"));
    state.held(command("c-1"));

    assertThat(state.pending(command -> true)).isEmpty();
  }

  @Test
  void onlyTheLatestDecisionsAreKeptNewestFirst() {
    for (int i = 0; i < 25; i++) {
      state.decision(ConsoleRecords.decision("S3.8", "111122223333", Outcome.HELD, "bucket-" + i, "r"));
    }

    assertThat(state.decisions(decision -> true)).hasSize(10)
        .extracting(decision -> decision.getFinding().getResource().getId())
        .startsWith("bucket-24").endsWith("bucket-15");
  }

  @Test
  void onlyTheLatestResolutionsAreKept() {
    for (int i = 0; i < LiveState.RECENT_RESOLUTIONS + 5; i++) {
      state.resolution(resolution("c-" + i));
    }

    assertThat(state.resolutions()).hasSize(LiveState.RECENT_RESOLUTIONS);
  }

  @Test
  void aTombstoneRevokesAnException() {
    state.exception("control=S3.8", ConsoleRecords.exception("r", "why", "ciso", NOW.plusSeconds(60)));

    state.exception("control=S3.8", null);

    assertThat(state.exceptions()).isEmpty();
  }

  @Test
  void theDecisionFilterMatchesControlInAnyCaseAndAccountAndOutcomeExactly() {
    Decision decision = ConsoleRecords.decision("S3.8", "111122223333", Outcome.HELD, "b", "r");

    assertThat(DecisionFilter.of("s3.8", "111122223333", "held").test(decision)).isTrue();
    assertThat(DecisionFilter.of("", " ", null).test(decision)).isTrue();
    assertThat(DecisionFilter.of("S3.9", null, null).test(decision)).isFalse();
    assertThat(DecisionFilter.of(null, "11112222333", null).test(decision)).isFalse();
    assertThat(DecisionFilter.of(null, null, "EXCEPTED").test(decision)).isFalse();
  }

  private static RemediationCommand command(String id) {
    return ConsoleRecords.held(id, "global", ConsoleRecords.bucket("111122223333", "bucket-" + id));
  }

  private static HeldResolution resolution(String id) {
    return HeldResolution.newBuilder().setCommandId(id).setResolution(Resolution.RELEASED).setBy("alice").setAt(NOW)
        .setHeldBy("global").build();
  }
}
