package io.redress.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.redress.http.Probe;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a node's role health means to Kubernetes and to Prometheus. Liveness fails only when a role has failed for
 * good, so a rebalance or a role restarting within its budget never gets the pod killed; readiness asks every role
 * to be running, which a rebalance or a restart briefly is not.
 */
final class NodeHealth {

  private final Supplier<List<RoleHealth>> roles;
  private final Supplier<Boolean> givenUp;

  /** @param givenUp whether the node has given up on a role (its failure reported), which no restart undoes */
  NodeHealth(Supplier<List<RoleHealth>> roles, Supplier<Boolean> givenUp) {
    this.roles = roles;
    this.givenUp = givenUp;
  }

  Probe liveness() {
    List<RoleHealth> now = roles.get();
    boolean failed = givenUp.get() || now.stream().anyMatch(role -> role.state() == RoleHealth.State.FAILED);
    return new Probe(!failed, lines(now));
  }

  Probe readiness() {
    List<RoleHealth> now = roles.get();
    return new Probe(!givenUp.get() && now.stream().allMatch(role -> role.state() == RoleHealth.State.RUNNING),
        lines(now));
  }

  /**
   * One gauge per role, 1 while it is running, and the count of its failures; tagged by role name only, of which
   * a node has at most four.
   */
  void register(MeterRegistry registry) {
    for (RoleHealth role : roles.get()) {
      String name = role.role();
      Gauge.builder("redress.role.running", () -> stateOf(name) == RoleHealth.State.RUNNING ? 1 : 0)
          .tag("role", name).description("1 while the role is running, 0 while starting, restarting or failed")
          .register(registry);
      FunctionCounter.builder("redress.role.failures", this, health -> health.failuresOf(name))
          .tag("role", name).description("times the role failed and was restarted or given up on")
          .register(registry);
    }
  }

  private RoleHealth.State stateOf(String name) {
    return roles.get().stream().filter(role -> role.role().equals(name)).map(RoleHealth::state).findFirst()
        .orElse(RoleHealth.State.STOPPED);
  }

  private double failuresOf(String name) {
    return roles.get().stream().filter(role -> role.role().equals(name)).mapToInt(RoleHealth::failures).sum();
  }

  private static List<String> lines(List<RoleHealth> roles) {
    return roles.stream().map(role -> role.role() + ": " + role.state().name().toLowerCase()
        + (role.failures() > 0 ? " after " + role.failures() + " failures" : "")).toList();
  }
}
