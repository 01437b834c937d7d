package io.redress.cli;

import io.redress.kafka.DeadLetters;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a role's loop on its own thread and keeps it running: when the loop ends by itself or throws, a fresh
 * instance is started after a pause, within a {@link RestartBudget}; when the budget is spent the role is given up
 * on and {@code onGiveUp} told why, so the process can stop with that error instead of staying up with a dead role.
 * Each instance's meters ({@code bindMetrics}) are bound while it runs, so a restarted role reports its new clients.
 */
final class RoleSupervisor<R extends Runnable & AutoCloseable> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RoleSupervisor.class);
  /**
   * How long the thread may take to end once its role's close returned: a record loop's close waits for its records
   * (up to 30 s, {@code RecordLoop}), so this covers only what comes after, and a role stops well inside a pod's 60 s
   * grace period.
   */
  private static final Duration JOIN_WAIT = Duration.ofSeconds(10);

  private final String name;
  private final Supplier<R> factory;
  private final RestartBudget budget;
  private final Consumer<String> onGiveUp;
  private final Function<R, AutoCloseable> bindMetrics;
  private final Thread thread;
  private volatile boolean closing;
  private volatile R current;
  private volatile RoleHealth health;

  RoleSupervisor(String name, Supplier<R> factory, RestartBudget budget, Consumer<String> onGiveUp) {
    this(name, factory, budget, onGiveUp, role -> () -> { });
  }

  /** @param bindMetrics binds an instance's meters and returns what unbinds them */
  RoleSupervisor(String name, Supplier<R> factory, RestartBudget budget, Consumer<String> onGiveUp,
      Function<R, AutoCloseable> bindMetrics) {
    this.name = name;
    this.factory = factory;
    this.budget = budget;
    this.onGiveUp = onGiveUp;
    this.bindMetrics = bindMetrics;
    this.health = new RoleHealth(name, RoleHealth.State.STARTING, 0, null);
    this.thread = new Thread(this::supervise, "redress-" + name);
  }

  void start() {
    thread.start();
  }

  String name() {
    return name;
  }

  RoleHealth health() {
    return health;
  }

  private void supervise() {
    int failures = 0;
    while (!closing) {
      String failure;
      try {
        R role = factory.get();
        current = role;
        if (closing) {
          stop(role);
          break;
        }
        health = new RoleHealth(name, RoleHealth.State.RUNNING, failures, health.lastFailure());
        runMeasured(role);
        if (closing) {
          break;
        }
        failure = "its loop stopped by itself";
      } catch (RuntimeException | Error e) {
        if (closing) {
          break;
        }
        failure = DeadLetters.reason(e);
        log.error("the {} role failed", name, e);
      }
      failures++;
      if (!budget.allowsRestart(System.currentTimeMillis())) {
        health = new RoleHealth(name, RoleHealth.State.FAILED, failures, failure);
        onGiveUp.accept("the " + name + " role failed " + failures + " times, more than " + budget.describe()
            + " allow; last error: " + failure);
        return;
      }
      Duration pause = budget.pause();
      health = new RoleHealth(name, RoleHealth.State.RESTARTING, failures, failure);
      log.warn("restarting the {} role in {} s after: {}", name, pause.toSeconds(), failure);
      sleep(pause);
    }
    health = new RoleHealth(name, RoleHealth.State.STOPPED, failures, health.lastFailure());
  }

  private void runMeasured(R role) {
    AutoCloseable meters = bindMetrics.apply(role);
    try {
      role.run();
    } finally {
      try {
        meters.close();
      } catch (Exception e) {
        log.warn("error while unbinding the {} role's meters", name, e);
      }
    }
  }

  private void sleep(Duration pause) {
    long until = System.nanoTime() + pause.toNanos();
    while (!closing && System.nanoTime() < until) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops the role and waits for its thread. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    R role = current;
    if (role != null) {
      stop(role);
    }
    thread.join(JOIN_WAIT.toMillis());
  }

  private void stop(R role) {
    try {
      role.close();
    } catch (Exception e) {
      log.warn("error while stopping the {} role", name, e);
    }
  }
}
