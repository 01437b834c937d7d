package io.redress.remediation;

import io.redress.config.ControlParameters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registered remediation actions, found through their declarations, indexed by control. */
public final class RemediationCatalogue {

  private final List<RemediationAction> actions;
  private final Map<String, RemediationAction> byControl = new HashMap<>();

  public RemediationCatalogue(Collection<? extends RemediationAction> actions) {
    this.actions = List.copyOf(actions);
    for (RemediationAction action : this.actions) {
      for (String control : action.controls()) {
        RemediationAction previous = byControl.putIfAbsent(control, action);
        if (previous != null) {
          throw new IllegalStateException(
              "control " + control + " is claimed by both " + previous.name() + " and " + action.name());
        }
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
