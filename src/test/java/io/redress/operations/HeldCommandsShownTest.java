package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.RemediationCommand;
import io.redress.operations.HeldCommands.Shown;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A decision on "all N" of a scope covers the N commands a person was shown, and is refused if more are held. */
class HeldCommandsShownTest {

  @Test
  void aDecisionStandsWhenEveryPendingCommandWasShown() {
    Shown shown = new Shown(Set.of("seen-1", "seen-2"));

    assertThatCode(() -> shown.confirm(List.of(held("seen-1"), held("seen-2")))).doesNotThrowAnyException();
  }

  @Test
  void aDecisionStandsWhenSomeShownCommandsWereDecidedMeanwhile() {
    Shown shown = new Shown(Set.of("seen-1", "seen-2"));

    assertThatCode(() -> shown.confirm(List.of(held("seen-2")))).doesNotThrowAnyException();
  }

  @Test
  void commandsHeldSinceThePageWasShownRefuseTheDecision() {
    Shown shown = new Shown(Set.of("seen"));

    assertThatThrownBy(() -> shown.confirm(List.of(held("seen"), held("newcomer-1"), held("newcomer-2"))))
        .isInstanceOf(InvalidInput.class)
        .hasMessage("2 more commands were held since this page was shown; review them first."
            + " Nothing was released or discarded.");
  }

  @Test
  void aNewcomerInPlaceOfAShownCommandRefusesTheDecisionThoughTheCountIsTheSame() {
    Shown shown = new Shown(Set.of("seen"));

    assertThatThrownBy(() -> shown.confirm(List.of(held("newcomer")))).isInstanceOf(InvalidInput.class)
        .hasMessageStartingWith("1 more command was held since this page was shown");
  }

  @Test
  void aDecisionOnAllOfAScopeNamesTheCommandsItWasShown() {
    assertThatThrownBy(() -> new Shown(Set.of())).isInstanceOf(InvalidInput.class)
        .hasMessageContaining("names the commands it was shown");
  }

  private static RemediationCommand held(String commandId) {
    return HeldRecords.held(commandId, "account:111122223333");
  }
}
