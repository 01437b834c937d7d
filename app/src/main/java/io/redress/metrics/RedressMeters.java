package io.redress.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Redress's own meters, named in one place and counted wherever the code has the event in hand. They count into
 * Micrometer's global registry, to which a running node adds its {@link ProcessMetrics}; anywhere else (a
 * command, a test) they count into nothing. Tags are names from the code (stages, controls, outcomes), never ids
 * or text from a finding, so the number of series stays bounded.
 */
public final class RedressMeters {

  /** The tag of a control or action not in the catalogue. */
  public static final String UNREGISTERED = "unregistered";

  private RedressMeters() {
  }

  /**
   * One dead letter made at a stage. Under exactly-once processing an aborted transaction makes its dead letters
   * again, so this may run ahead of what the topic holds; it is a rate to alert on, not an inventory.
   */
  public static void deadLetter(String stage) {
    Metrics.counter("redress.dead.letters", "stage", stage).increment();
  }

  /**
   * One decision, by the family of source its finding came from and its outcome (both enums: bounded). Counted as
   * the topology makes it, so under exactly-once a retried task may count one again: a rate, not an inventory.
   */
  public static void decision(String source, String outcome) {
    Metrics.counter("redress.decisions", "source", source, "outcome", outcome).increment();
  }

  /**
   * One command's result. The caller passes a control and action only once it has found them in the catalogue
   * ({@link #UNREGISTERED} otherwise): a command written to the topic by something else must not add series.
   */
  public static void commandResult(String control, String action, String status) {
    Metrics.counter("redress.commands", "control", control, "action", action, "status", status).increment();
  }

  /**
   * One notification's outcome on one channel, once its attempts are over; the channel is a name from the
   * configuration, so the series stay as few as the channels.
   */
  public static void notification(String channel, String status) {
    Metrics.counter("redress.notifications", "channel", channel, "status", status).increment();
  }

  /** How long a catalogued action took against AWS, from the session being ready to its outcome. */
  public static void actionDuration(String action, Duration took) {
    Timer.builder("redress.action.duration").tag("action", action).register(Metrics.globalRegistry).record(took);
  }
}
