package io.redress.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The cool-down rule: a resource handled for a control is left alone for that control for a while. Sources re-send
 * findings (Security Hub re-imports a failing finding on every evaluation), and Redress's own change to a resource
 * produces fresh events; without this rule either would command the same fix again and again.
 */
public record Cooldown(Duration length) {

  /** A DUPLICATE verdict when {@code at} falls before the cool-down started at {@code handledAt} ends. */
  public Optional<Verdict> judge(String control, long handledAt, long at) {
    long ends = endOf(handledAt);
    if (at >= ends) {
      return Optional.empty();
    }
    return Optional.of(new Verdict.Duplicate(control + " on this resource was already handled at "
        + Instant.ofEpochMilli(handledAt) + "; in cool-down until " + Instant.ofEpochMilli(ends)));
  }

  /**
   * A DUPLICATE verdict for a request whose event was decided at {@code handledAt} and is delivered again before the
   * cool-down it started ends; after that a redelivery is acted on like any request.
   */
  public Optional<Verdict> judgeRedelivery(String control, String requestId, long handledAt, long at) {
    long ends = endOf(handledAt);
    if (at >= ends) {
      return Optional.empty();
    }
    return Optional.of(new Verdict.Duplicate("the request for " + control + " on this resource in event " + requestId
        + " was already decided at " + Instant.ofEpochMilli(handledAt) + "; EventBridge delivers an event at least"
        + " once, and this is the same event again"));
  }

  /** The reason of a finding that reports the control passing again, ending a cool-down begun at {@code handledAt}. */
  public String resolvedReason(String reason, String control, long handledAt) {
    return reason + "; the source reports " + control + " passing, which ends the cool-down begun at "
        + Instant.ofEpochMilli(handledAt) + ": a new failure is acted on";
  }

  /** Whether a cool-down that started at {@code handledAt} can decide nothing any more at stream time {@code now}. */
  public boolean over(long handledAt, long now) {
    return endOf(handledAt) <= now;
  }

  private long endOf(long handledAt) {
    return handledAt + length.toMillis();
  }
}
