package io.redress.http.console;

import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.operations.InvalidInput;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which recent decisions a person asked to see: by control (any case), account and outcome; an empty field
 * filters nothing.
 */
record DecisionFilter(Optional<String> control, Optional<String> account, Optional<Outcome> outcome)
    implements Predicate<Decision> {

  /** @throws InvalidInput for an outcome that does not exist */
  static DecisionFilter of(String control, String account, String outcome) {
    return new DecisionFilter(given(control), given(account), given(outcome).map(DecisionFilter::outcome));
  }

  private static Optional<String> given(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
  }

  private static Outcome outcome(String name) {
    try {
      return Outcome.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInput("outcome: not one of " + Arrays.toString(Outcome.values()));
    }
  }

  @Override
  public boolean test(Decision decision) {
    return control.map(wanted -> wanted.equalsIgnoreCase(String.valueOf(decision.getFinding().getControl())))
        .orElse(true)
        && account.map(wanted -> wanted.equals(decision.getFinding().getResource().getAccount())).orElse(true)
        && outcome.map(wanted -> wanted == decision.getOutcome()).orElse(true);
  }
}
