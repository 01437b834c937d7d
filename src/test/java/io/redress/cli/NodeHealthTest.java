package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redress.cli.RoleHealth.State;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What liveness and readiness make of the roles' health: live unless failed for good, ready only when all run. */
class NodeHealthTest {

  private final List<RoleHealth> roles = new ArrayList<>();
  private final AtomicBoolean givenUp = new AtomicBoolean();
  private final NodeHealth health = new NodeHealth(() -> List.copyOf(roles), givenUp::get);

  @Test
  void everyRoleRunningIsLiveAndReady() {
    roles.add(role("decision topology", State.RUNNING, 0));
    roles.add(role("executor", State.RUNNING, 0));

    assertThat(health.liveness().passing()).isTrue();
    assertThat(health.readiness().passing()).isTrue();
    assertThat(health.readiness().lines()).containsExactly("decision topology: running", "executor: running");
  }

  @Test
  void aRebalancingTopologyIsLiveButNotReady() {
    roles.add(role("decision topology", State.STARTING, 0));
    roles.add(role("executor", State.RUNNING, 0));

    assertThat(health.liveness().passing()).isTrue();
    assertThat(health.readiness().passing()).isFalse();
  }

  @Test
  void aRoleRestartingWithinItsBudgetIsLiveButNotReady() {
    roles.add(role("notifier", State.RESTARTING, 2));

    assertThat(health.liveness().passing()).isTrue();
    assertThat(health.readiness().passing()).isFalse();
    assertThat(health.liveness().lines()).containsExactly("notifier: restarting after 2 failures");
  }

  @Test
  void aRoleFailedForGoodIsNeitherLiveNorReady() {
    roles.add(role("executor", State.FAILED, 6));
    roles.add(role("http server", State.RUNNING, 0));

    assertThat(health.liveness().passing()).isFalse();
    assertThat(health.readiness().passing()).isFalse();
  }

  @Test
  void aNodeThatGaveUpIsNotLiveEvenBeforeItsRoleSaysFailed() {
    roles.add(role("decision topology", State.STOPPED, 0));
    givenUp.set(true);

    assertThat(health.liveness().passing()).isFalse();
    assertThat(health.readiness().passing()).isFalse();
  }

  @Test
  void theProbesNameRolesAndStatesButNotTheFailureText() {
    roles.add(new RoleHealth("executor", State.RESTARTING, 1, "bad finding text <script>"));

    assertThat(String.join("\n", health.liveness().lines())).doesNotContain("script");
  }

  @Test
  void eachRoleHasARunningGaugeAndAFailureCountThatFollowItsHealth() {
    roles.add(role("executor", State.RUNNING, 0));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    health.register(registry);

    roles.set(0, role("executor", State.RESTARTING, 3));

    assertThat(registry.get("redress.role.running").tag("role", "executor").gauge().value()).isZero();
    assertThat(registry.get("redress.role.failures").tag("role", "executor").functionCounter().count())
        .isEqualTo(3);
  }

  private static RoleHealth role(String name, State state, int failures) {
    return new RoleHealth(name, state, failures, failures > 0 ? "boom" : null);
  }
}
