package io.redress.remediation;

import io.redress.config.ControlParameters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registered remediation actions, found through their declarations, indexed by control. */
public final class RemediationCatalogue {

  private final List<RemediationAction> actions;
  private final Map<String, RemediationAction> byControl = new HashMap<>();
  /** Each control id as the catalogue spells it, by the id in lower case. */
  private final Map<String, String> spellings = new HashMap<>();

  public RemediationCatalogue(Collection<? extends RemediationAction> actions) {
    this.actions = List.copyOf(actions);
    for (RemediationAction action : this.actions) {
      for (String control : action.controls()) {
        String spelled = spellings.putIfAbsent(control.toLowerCase(Locale.ROOT), control);
        if (spelled != null) {
          throw new IllegalStateException("control " + control + " is claimed by both "
              + byControl.get(spelled).name() + " and " + action.name());
        }
        byControl.put(control, action);
      }
    }
  }

  /** Every action registered on the classpath. */
  public static RemediationCatalogue discover() {
    return new RemediationCatalogue(
        ServiceLoader.load(RemediationAction.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  /**
   * The same actions, those that take parameters of their control judging by {@code parameters}: what the executor
   * runs. Action names and controls stay as they are, so decisions made with either catalogue are the same.
   */
  public RemediationCatalogue with(ControlParameters parameters) {
    return new RemediationCatalogue(actions.stream()
        .map(action -> action instanceof Parameterised parameterised ? parameterised.with(parameters) : action)
        .toList());
  }

  /**
   * The control id as the catalogue spells it ({@code S3.8} for a source's {@code s3.8}), so that every spelling of one
   * control is decided, cooled down and counted by the breaker as that control; an id it has no action for, as given.
   */
  public String canonical(String control) {
    if (control == null || byControl.containsKey(control)) {
      return control;
    }
    return spellings.getOrDefault(control.toLowerCase(Locale.ROOT), control);
  }

  public Optional<RemediationAction> forControl(String control) {
    return Optional.ofNullable(byControl.get(control));
  }

  /**
   * The controls whose exceptions cover a finding of {@code control}: the control itself, then every other control
   * its action remediates, by name. An exception is written on a control, but what it keeps from happening is that
   * control's action: a bucket excepted from S3.8 because it serves a public website must not lose its public access
   * to the same action run for S3.2.
   */
  public List<String> exceptedWith(String control) {
    List<String> controls = new ArrayList<>(List.of(control));
    forControl(control).ifPresent(action -> action.controls().stream().filter(other -> !other.equals(control))
        .sorted().forEach(controls::add));
    return List.copyOf(controls);
  }

  public Optional<RemediationAction> named(String name) {
    return actions.stream().filter(action -> action.name().equals(name)).findFirst();
  }

  public List<RemediationAction> actions() {
    return actions;
  }
}
