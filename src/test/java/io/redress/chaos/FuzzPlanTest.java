package io.redress.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FuzzPlanTest {

  @Test
  void theSharesAddUpToExactlyTheInputsAskedFor() {
    for (int total : List.of(0, 1, 12, 13, 14, 300, 10_000, 10_007)) {
      assertThat(FuzzPlan.shares(total).values().stream().mapToInt(Integer::intValue).sum())
          .as("inputs in a plan of %d", total).isEqualTo(total);
    }
  }

  @Test
  void everyKindIsSentOnceThereAreAsManyInputsAsKinds() {
    Map<FuzzKind, Integer> shares = FuzzPlan.shares(FuzzKind.values().length);

    assertThat(shares).hasSize(FuzzKind.values().length).allSatisfy((kind, count) -> assertThat(count).isOne());
  }

  @Test
  void inputsNearTheRecordLimitTakeTheSmallestShares() {
    Map<FuzzKind, Integer> shares = FuzzPlan.shares(10_000);

    assertThat(shares.get(FuzzKind.HUGE_TITLE)).isLessThan(shares.get(FuzzKind.RANDOM_BYTES) / 20);
  }

  @Test
  void theSameSeedSendsTheSameInputsInTheSameOrder() {
    assertThat(inputs(42)).isEqualTo(inputs(42)).isNotEqualTo(inputs(43));
  }

  private static List<String> inputs(long seed) {
    Random random = new Random(seed);
    Iterator<Payload> plan = FuzzPlan.inputs(random, new FuzzGenerator(random, 2_000, 50), 40, 5);
    List<String> described = new ArrayList<>();
    plan.forEachRemaining(payload -> described.add(payload.input().key() + " " + payload.input().variant()));
    return described;
  }
}
