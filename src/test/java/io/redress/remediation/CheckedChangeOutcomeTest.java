package io.redress.remediation;

import static io.redress.remediation.FakeThingChange.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What a run reports besides its change: a dry run that would be refused fails saying why, a change of several writes
 * that failed halfway says which went through, and what a person must act on ends the message. The action here is a
 * fake whose change is several writes, any of which AWS may refuse.
 */
class CheckedChangeOutcomeTest {

  private static final String GET = "fake:GetThing";
  private static final String GET_OWNER = "fake:GetOwner";
  private static final String PUT = "fake:PutThing";
  private static final String PUT_POLICY = "fake:PutPolicy";
  private static final String TAG = "fake:TagThing";
  private static final Resource THING = MotoCloud.resource("FakeThing", "thing");

  @Test
  void aDryRunWhoseChangeWouldBeRefusedFailsSayingWhyAndChangesNothing() {
    SeveralWrites action = new SeveralWrites(List.of(PUT), null);
    action.ownedElsewhere = true;

    ActionOutcome outcome = action.execute(session(), THING, Commands.NOTHING_EXCEPTED, true);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("thing belongs to another team's stack; change it there");
    assertThat(outcome.before()).as("what was read, for whoever changes it there").isEqualTo("{\"written\":0}");
    assertThat(outcome.apiCalls()).containsExactly(GET, GET_OWNER);
    assertThat(action.written).isEmpty();
  }

  @Test
  void aDryRunWhoseChangeWouldGoAheadPlansItAndChangesNothing() {
    SeveralWrites action = new SeveralWrites(List.of(PUT), null);

    ActionOutcome outcome = action.execute(session(), THING, Commands.NOTHING_EXCEPTED, true);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.DRY_RUN);
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET);
    assertThat(action.written).isEmpty();
  }

  /** Reading "failed" alone, a person would take the thing for untouched and not look at what was written. */
  @Test
  void aChangeRefusedHalfwaySaysWhichWritesWentThroughAndHowOftenAndShowsTheStateAfter() {
    SeveralWrites action = new SeveralWrites(List.of(PUT, PUT, PUT_POLICY, TAG), TAG);

    ActionOutcome outcome = action.execute(session(), THING, Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("fake:TagThing on thing failed after part of the change was made"
        + " (fake:PutThing x2, fake:PutPolicy): AccessDenied (not allowed)");
    assertThat(outcome.before()).isEqualTo("{\"written\":0}");
    assertThat(outcome.after()).isEqualTo("{\"written\":3}");
    assertThat(outcome.apiCalls()).containsExactly(GET, GET_OWNER, PUT, PUT, PUT_POLICY, TAG, GET);
  }

  @Test
  void aChangeRefusedAtItsFirstWriteSaysNothingWasMade() {
    SeveralWrites action = new SeveralWrites(List.of(PUT, TAG), PUT);

    ActionOutcome outcome = action.execute(session(), THING, Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.message()).isEqualTo("fake:PutThing on thing failed: AccessDenied (not allowed)");
    assertThat(outcome.after()).isNull();
  }

  @Test
  void whatARunLeftForAPersonToActOnEndsTheMessage() {
    SeveralWrites action = new SeveralWrites(List.of(PUT), null);
    action.leavesASpare = true;

    ActionOutcome outcome = action.execute(session(), THING, Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(outcome.message()).isEqualTo("write fake:PutThing on thing; the spare thing-2 was made and is unused");
  }

  /**
   * A thing made compliant by {@code writes}, made in order, the one named {@code refused} refused by AWS. Before the
   * change, a run reads who owns it and refuses a thing {@link #ownedElsewhere}; with {@link #leavesASpare}, the
   * change leaves a resource a person must clear up.
   */
  private static final class SeveralWrites extends FakeThingChange<SeveralWrites.State> {

    record State(int written) {
    }

    private final List<String> writes;
    private final String refused;
    private final List<String> written = new ArrayList<>();
    private boolean ownedElsewhere;
    private boolean leavesASpare;

    SeveralWrites(List<String> writes, String refused) {
      super(new Settling.Waiting() {
        @Override
        public long nanoTime() {
          return 0;
        }

        @Override
        public void sleep(Duration pause) {
          throw new AssertionError("a change shown at once is not waited for");
        }
      });
      this.writes = writes;
      this.refused = refused;
    }

    @Override
    protected State read(Calls calls) {
      calls.call(GET);
      return new State(written.size());
    }

    @Override
    protected boolean compliant(State state) {
      return state.written() == writes.size();
    }

    @Override
    protected String plan(State before) {
      return "write " + String.join(", ", writes);
    }

    @Override
    protected void rehearse(Calls calls, State before) {
      calls.call(GET_OWNER);
      if (ownedElsewhere) {
        throw new Refused(calls.target() + " belongs to another team's stack; change it there");
      }
    }

    @Override
    protected void change(Calls calls, State before) {
      rehearse(calls, before);
      for (String write : writes) {
        calls.call(write);
        if (write.equals(refused)) {
          throw AwsServiceException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
              .errorCode("AccessDenied").errorMessage("not allowed").build()).build();
        }
        written.add(write);
      }
      if (leavesASpare) {
        calls.note("the spare " + calls.target() + "-2 was made and is unused");
      }
    }

    @Override
    public List<String> plannedCalls() {
      List<String> planned = new ArrayList<>(List.of(GET));
      planned.addAll(writes);
      planned.add(GET);
      return planned;
    }

    @Override
    public String name() {
      return "fake-several-writes";
    }

    @Override
    public List<String> permissions() {
      return List.of(GET, GET_OWNER, PUT, PUT_POLICY, TAG);
    }

    @Override
    public String summary() {
      return "Writes the thing.";
    }
  }
}
