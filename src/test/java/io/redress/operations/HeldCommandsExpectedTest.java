package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.RemediationCommand;
import io.redress.operations.HeldCommands.Expected;
import io.redress.operations.HeldCommands.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A decision on all of a scope from the command line names how many pending commands the person saw there, and is
 * refused if the scope holds another number now.
 */
class HeldCommandsExpectedTest {

  @Test
  void aDecisionStandsWhenTheScopeHoldsTheCountSeen() {
    assertThatCode(() -> new Expected(2).confirm(List.of(held("a"), held("b")))).doesNotThrowAnyException();
  }

  @Test
  void aDecisionStandsWhenNothingIsLeftToDecide() {
    assertThatCode(() -> new Expected(2).confirm(List.of())).doesNotThrowAnyException();
  }

  @Test
  void commandsHeldSinceTheCountWasSeenRefuseTheDecisionNamingHowManyAreHeldNow() {
    assertThatThrownBy(() -> new Expected(1).confirm(List.of(held("a"), held("b"), held("c"))))
        .isInstanceOf(InvalidInput.class)
        .hasMessage("expect: 3 commands are held now, not the 1 expected; review them (./redress breaker status,"
            + " or ./redress approvals list for approvals) before deciding on all of them. Nothing was decided.");
  }

  @Test
  void fewerCommandsThanSeenRefuseTheDecisionForNewcomersMayHaveTakenTheirPlace() {
    assertThatThrownBy(() -> new Expected(3).confirm(List.of(held("a")))).isInstanceOf(InvalidInput.class)
        .hasMessageStartingWith("expect: 1 command is held now, not the 3 expected");
  }

  @Test
  void aNegativeCountIsRefused() {
    assertThatThrownBy(() -> new Expected(-1)).isInstanceOf(InvalidInput.class)
        .hasMessage("expect: -1 is not a number of commands");
  }

  @Test
  void expectingNoCommandDecidesOnlyAScopeWithNothingLeft() {
    new Expected(0).confirm(List.of());
    assertThatThrownBy(() -> new Expected(0).confirm(List.of(held("a")))).isInstanceOf(InvalidInput.class)
        .hasMessageStartingWith("expect: 1 command is held now, not the 0 expected");
  }

  @Test
  void aSelectionExpectingACountCarriesIt() {
    assertThat(Selection.scope("global").expecting(4).seen()).contains(new Expected(4));
  }

  @Test
  void aScopeWrittenWithTheControlInAnotherCaseSelectsItsCommands() {
    RemediationCommand heldByControl = RemediationCommand.newBuilder(held("a")).setHeldBy("control:S3.8").build();

    assertThat(Selection.scope("control:s3.8").includes(heldByControl)).isTrue();
    assertThat(Selection.scope("control:S3.2").includes(heldByControl)).isFalse();
  }

  @Test
  void anApprovalIsNoScopeToDecideOnAllOf() {
    assertThatThrownBy(() -> Selection.scope("approval:S3.8")).isInstanceOf(InvalidInput.class)
        .hasMessageContaining("'approval:S3.8' is not a breaker scope")
        .hasMessageContaining("./redress approvals approve|deny --control S3.8");
  }

  private static RemediationCommand held(String commandId) {
    return HeldRecords.held(commandId, "account:111122223333");
  }
}
