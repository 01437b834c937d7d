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
  void aCommandWhoseResolutionCannotBeReadIsNotOfferedAgainWhicheverIsReadFirst() {
    state.held(command("c-1"));
    state.unreadableResolution("c-1");
    state.unreadableResolution("c-2");
    state.held(command("c-2"));
    state.held(command("c-3"));

    assertThat(state.pending(command -> true)).extracting(RemediationCommand::getCommandId).containsExactly("c-3");
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

  /** Read as the feed reads after a start: the whole of one partition, then the whole of the next. */
  @Test
  void theLatestDecisionsAcrossPartitionsReadOneAfterAnotherAreKeptNewestFirst() {
    for (int partition = 0; partition < 2; partition++) {
      for (int minute = partition; minute < 40; minute += 2) {
        state.decision(decidedAt(minute));
      }
    }

    assertThat(state.decisions(decision -> true)).extracting(decision -> decision.getFinding().getResource().getId())
        .containsExactly("minute-39", "minute-38", "minute-37", "minute-36", "minute-35", "minute-34", "minute-33",
            "minute-32", "minute-31", "minute-30");
  }

  @Test
  void theLatestResolutionsAcrossPartitionsReadOneAfterAnotherAreKeptNewestFirst() {
    for (int partition = 0; partition < 2; partition++) {
      for (int minute = partition; minute < 2 * LiveState.RECENT_RESOLUTIONS; minute += 2) {
        state.resolution(HeldResolution.newBuilder(resolution("c-" + minute)).setAt(NOW.plusSeconds(60L * minute))
            .build());
      }
    }

    assertThat(state.resolutions()).hasSize(LiveState.RECENT_RESOLUTIONS)
        .extracting(HeldResolution::getCommandId).startsWith("c-99", "c-98", "c-97").endsWith("c-51", "c-50");
  }

  @Test
  void heldCommandsAreListedInTheOrderTheyWereHeldWhateverPartitionTheyWereReadFrom() {
    for (int partition = 0; partition < 2; partition++) {
      for (int minute = partition; minute < 6; minute += 2) {
        state.held(RemediationCommand.newBuilder(command("c-" + minute)).setIssuedAt(NOW.plusSeconds(60L * minute))
            .build());
      }
    }

    assertThat(state.pending(command -> true)).extracting(RemediationCommand::getCommandId)
        .containsExactly("c-0", "c-1", "c-2", "c-3", "c-4", "c-5");
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

  private static Decision decidedAt(int minute) {
    return Decision.newBuilder(ConsoleRecords.decision("S3.8", "111122223333", Outcome.HELD, "minute-" + minute, "r"))
        .setDecidedAt(NOW.plusSeconds(60L * minute)).build();
  }

  private static RemediationCommand command(String id) {
    return ConsoleRecords.held(id, "global", ConsoleRecords.bucket("111122223333", "bucket-" + id));
  }

  private static HeldResolution resolution(String id) {
    return HeldResolution.newBuilder().setCommandId(id).setResolution(Resolution.RELEASED).setBy("alice").setAt(NOW)
        .setHeldBy("global").build();
  }
}
