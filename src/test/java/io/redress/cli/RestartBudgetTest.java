package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

  private final RestartBudget budget = new RestartBudget(2, Duration.ofMinutes(10));

  @Test
  void failuresUpToTheBudgetWithinThePeriodAreRestarted() {
    assertThat(budget.allowsRestart(0)).isTrue();
    assertThat(budget.allowsRestart(1_000)).isTrue();
    assertThat(budget.allowsRestart(2_000)).isFalse();
  }

  @Test
  void aFailureExactlyOnePeriodOldNoLongerCounts() {
    budget.allowsRestart(0);
    budget.allowsRestart(1);

    assertThat(budget.allowsRestart(Duration.ofMinutes(10).toMillis())).isTrue();
  }

  @Test
  void aFailureJustInsideThePeriodStillCounts() {
    budget.allowsRestart(0);
    budget.allowsRestart(1);

    assertThat(budget.allowsRestart(Duration.ofMinutes(10).toMillis() - 1)).isFalse();
  }

  @Test
  void eachRecentFailureDoublesThePause() {
    budget.allowsRestart(0);
    assertThat(budget.pause()).isEqualTo(Duration.ofSeconds(1));
    budget.allowsRestart(1);
    assertThat(budget.pause()).isEqualTo(Duration.ofSeconds(2));
  }
}
