package io.redress.remediation;

import static io.redress.remediation.FakeThingChange.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AWS shows a change only some time after accepting it, so the state read back right after a change may still be the
 * one before it: it is read again, after growing pauses, for as long as the action's settling lasts. Eventual
 * consistency is AWS's own, so the action here is a fake whose reads stay stale for a given number of read-backs, and
 * the time is a test's, which moves only when slept.
 */
class CheckedChangeSettlingTest {

  private static final String GET = "fake:GetThing";
  private static final String PUT = "fake:PutThing";
  private static final Resource THING = MotoCloud.resource("FakeThing", "thing");

  private final TestTime time = new TestTime();

  @AfterEach
  void clearInterruption() {
    Thread.interrupted();
  }

  @Test
  void aReadBackThatShowsTheChangeAtOnceIsTheOnlyOneAndNothingIsWaitedFor() {
    ActionOutcome outcome = new StaleThing(time, Duration.ofSeconds(10), 0, false).execute(session(), THING,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET);
    assertThat(time.slept).isEmpty();
  }

  @Test
  void aChangeShownOnlyByTheThirdReadBackIsAppliedAfterPausesThatGrow() {
    ActionOutcome outcome = new StaleThing(time, Duration.ofSeconds(10), 2, false).execute(session(), THING,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(outcome.after()).isEqualTo("{\"fixed\":true,\"labelled\":true}");
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET, GET, GET);
    assertThat(time.slept).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void whatTheChangePutsInPlaceIsWaitedForTooThoughTheResourceReadsCompliant() {
    ActionOutcome outcome = new StaleThing(time, Duration.ofSeconds(10), 1, true).execute(session(), THING,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET, GET);
  }

  @Test
  void aChangeNeverShownFailsOnceTheSettlingIsSpentSayingHowLongItWasReadBack() {
    ActionOutcome outcome = new StaleThing(time, Duration.ofSeconds(10), Integer.MAX_VALUE, false)
        .execute(session(), THING, Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("thing is still not compliant after the change and lacks its label (read"
        + " back for 10 s)");
    assertThat(time.slept).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofMillis(2500));
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET, GET, GET, GET, GET, GET);
  }

  @Test
  void aLongSettlingPausesAtMostEightSecondsAtATime() {
    ActionOutcome outcome = new StaleThing(time, Duration.ofSeconds(60), Integer.MAX_VALUE, true)
        .execute(session(), THING, Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("thing lacks its label after the change (read back for 60 s)");
    assertThat(time.slept).hasSize(11).allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(
        Duration.ofSeconds(8)));
    assertThat(time.slept.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void anInterruptedWaitStopsAtOnceKeepsTheInterruptionAndSaysSo() {
    time.interruptAt = 2;

    ActionOutcome outcome = new StaleThing(time, Duration.ofSeconds(10), Integer.MAX_VALUE, false)
        .execute(session(), THING, Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("thing is still not compliant after the change and lacks its label (read"
        + " back for 0.5 s, until the executor was interrupted)");
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET, GET);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void sqsIsGivenTheMinuteItDocumentsAndOtherActionsTenSeconds() {
    assertThat(new QueueEncryption().settling()).isEqualTo(Duration.ofSeconds(60));
    assertThat(new S3Versioning().settling()).isEqualTo(Duration.ofSeconds(10));
  }

  /**
   * The system's time is the one every action waits in unless a test gives its own; it is slept in, so AWS is asked
   * again only after the pause, not as fast as the thread can spin.
   */
  @Test
  void inTheSystemsTimeAChangeNeverShownIsReadBackForTheSettlingAndNoLonger() {
    Settling settling = new Settling(Duration.ofMillis(300), Settling.Waiting.SYSTEM);
    List<Integer> asked = Collections.synchronizedList(new ArrayList<>());

    Settling.Settled<String> settled = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> settling.until(() -> {
          asked.add(asked.size());
          return "stale";
        }, answer -> false));

    assertThat(settled.answer()).isEqualTo("stale");
    assertThat(asked).as("once at once, once after the pause the settling cuts to 300 ms").hasSize(2);
    assertThat(settled.interrupted()).isFalse();
    assertThat(settled.waited()).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
  }

  /**
   * A resource made compliant (fixed) and given a label by one change, whose reads show neither for the first
   * {@code staleReadBacks} read-backs; with {@code labelLags}, it reads fixed at once and only its label lags.
   */
  private static final class StaleThing extends FakeThingChange<StaleThing.State> {

    record State(boolean fixed, boolean labelled) {
    }

    private final Duration settling;
    private final int staleReadBacks;
    private final boolean labelLags;
    private boolean changed;
    private int readBacks;

    StaleThing(Settling.Waiting waiting, Duration settling, int staleReadBacks, boolean labelLags) {
      super(waiting);
      this.settling = settling;
      this.staleReadBacks = staleReadBacks;
      this.labelLags = labelLags;
    }

    @Override
    protected Duration settling() {
      return settling;
    }

    @Override
    protected State read(Calls calls) {
      calls.call(GET);
      if (!changed) {
        return new State(false, false);
      }
      boolean shown = ++readBacks > staleReadBacks;
      return new State(shown || labelLags, shown);
    }

    @Override
    protected boolean compliant(State state) {
      return state.fixed();
    }

    @Override
    protected Optional<String> missingAfter(State before, State after) {
      return after.labelled() ? Optional.empty() : Optional.of("its label");
    }

    @Override
    protected String plan(State before) {
      return "fix the thing";
    }

    @Override
    protected void change(Calls calls, State before) {
      calls.call(PUT);
      changed = true;
    }

    @Override
    public List<String> plannedCalls() {
      return List.of(GET, PUT, GET);
    }

    @Override
    public String name() {
      return "fake-thing";
    }

    @Override
    public List<String> permissions() {
      return List.of(GET, PUT);
    }

    @Override
    public String summary() {
      return "Fixes the thing.";
    }
  }

  /**
   * Time that passes only when slept; the {@code interruptAt}th sleep is interrupted instead. Like
   * {@link System#nanoTime}, it counts from an arbitrary origin, so only differences of it mean anything.
   */
  private static final class TestTime implements Settling.Waiting {

    private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
    private long nanos = 987_654_321_000L;
    private int interruptAt = Integer.MAX_VALUE;

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public void sleep(Duration pause) throws InterruptedException {
      if (slept.size() + 1 == interruptAt) {
        throw new InterruptedException();
      }
      slept.add(pause);
      nanos += pause.toNanos();
    }
  }
}
