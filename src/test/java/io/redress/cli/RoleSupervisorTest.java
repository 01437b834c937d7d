package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoleSupervisorTest {

  private abstract static class TestRole implements Runnable, AutoCloseable {
    @Override
    public void close() {
    }
  }

  /** A role whose loop throws at once, as one fenced by the broker or broken by a bug would. */
  private static final class FailingRole extends TestRole {
    @Override
    public void run() {
      throw new IllegalStateException("producer fenced");
    }
  }

  /** A role that runs until closed. */
  private static final class SteadyRole extends TestRole {
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void run() {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  @Test
  void aRoleThatFailsIsRestartedAsAFreshInstance() throws Exception {
    AtomicInteger instances = new AtomicInteger();
    CountDownLatch secondStarted = new CountDownLatch(1);
    RoleSupervisor<TestRole> supervisor = new RoleSupervisor<>("executor", () -> {
      if (instances.incrementAndGet() == 1) {
        return new FailingRole();
      }
      secondStarted.countDown();
      return new SteadyRole();
    }, new RestartBudget(3, Duration.ofMinutes(10)), reason -> { });

    supervisor.start();

    assertThat(secondStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(supervisor.health().failures()).isEqualTo(1);
    assertThat(supervisor.health().lastFailure()).contains("producer fenced");
    supervisor.close();
    assertThat(supervisor.health().state()).isEqualTo(RoleHealth.State.STOPPED);
  }

  @Test
  void eachInstancesMetersAreBoundWhileItRunsAndUnboundWhenItStops() throws Exception {
    AtomicInteger bound = new AtomicInteger();
    AtomicInteger unbound = new AtomicInteger();
    AtomicInteger instances = new AtomicInteger();
    CountDownLatch secondStarted = new CountDownLatch(1);
    RoleSupervisor<TestRole> supervisor = new RoleSupervisor<>("executor", () -> {
      return instances.incrementAndGet() == 1 ? new FailingRole() : new SteadyRole();
    }, new RestartBudget(3, Duration.ofMinutes(10)), reason -> { }, role -> {
      bound.incrementAndGet();
      if (role instanceof SteadyRole) {
        secondStarted.countDown();
      }
      return unbound::incrementAndGet;
    });

    supervisor.start();
    assertThat(secondStarted.await(10, TimeUnit.SECONDS)).isTrue();
    supervisor.close();

    assertThat(bound).as("bound once per instance").hasValue(2);
    assertThat(unbound).as("unbound once per instance, the failed one and the closed one").hasValue(2);
  }

  @Test
  void aRoleThatKeepsFailingIsGivenUpOnWithTheReason() throws Exception {
    CompletableFuture<String> givenUp = new CompletableFuture<>();
    AtomicInteger instances = new AtomicInteger();
    RoleSupervisor<TestRole> supervisor = new RoleSupervisor<>("executor", () -> {
      instances.incrementAndGet();
      return new FailingRole();
    }, new RestartBudget(1, Duration.ofMinutes(10)), givenUp::complete);

    supervisor.start();

    assertThat(givenUp.get(20, TimeUnit.SECONDS))
        .isEqualTo("the executor role failed 2 times, more than 1 restarts within 10 minutes allow;"
            + " last error: IllegalStateException: producer fenced");
    assertThat(instances).hasValue(2);
    assertThat(supervisor.health().state()).isEqualTo(RoleHealth.State.FAILED);
    assertThat(supervisor.health().healthy()).isFalse();
    supervisor.close();
  }
}
