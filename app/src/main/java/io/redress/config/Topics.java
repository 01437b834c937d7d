package io.redress.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Names of every topic Redress reads or writes. One place, so that the topology, the executors, the notifiers, the
 * provisioning and the tests agree. Every name starts with the configured prefix ({@code kafka.topic-prefix}), so
 * that several environments share a cluster, each with its own topics.
 *
 * @param prefix put before every name; empty for the names as written here
 * @throws IllegalArgumentException if a name with it is not one Kafka allows
 */
public record Topics(String prefix) {
  /** Characters Kafka allows in a topic name; the longest name must stay within Kafka's 249. */
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");
  private static final int LONGEST_NAME = 249;
  /** Less the longest name below, {@link #heldResolutions()}'s. */
  private static final int LONGEST_PREFIX = LONGEST_NAME - "redress.remediations.resolved".length();

  /** The names without a prefix (declared after what the constructor checks with). */
  public static final Topics UNPREFIXED = new Topics("");

  public Topics {
    prefix = prefix == null ? "" : prefix;
    if (!LEGAL.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "may hold only letters, digits, '.', '_' and '-' (Kafka's topic name characters), got '" + prefix + "'");
    }
    if (prefix.length() > LONGEST_PREFIX) {
      throw new IllegalArgumentException(
          "must be at most " + LONGEST_PREFIX + " characters, so that every topic name stays within Kafka's "
              + LONGEST_NAME + ", got " + prefix.length());
    }
  }

  /** Findings exactly as received, JSON. */
  public String findingsRaw() {
    return prefix + "redress.findings.raw";
  }

  /** Normalized findings, Avro {@code Finding}, keyed by resource. */
  public String findings() {
    return prefix + "redress.findings";
  }

  /** Inputs that could not be used, Avro {@code DeadLetter}. */
  public String deadLetters() {
    return prefix + "redress.dlq";
  }

  /**
   * Dead letters of raw findings that were sent again, compacted, keyed by the dead letter's own place
   * ({@code topic/partition@offset}): the ledger that makes a replay send each dead letter once, and records who sent
   * it and where the copy went.
   */
  public String deadLettersReplayed() {
    return prefix + "redress.dlq.replayed";
  }

  /** Approved exceptions, compacted, keyed by scope key. */
  public String exceptions() {
    return prefix + "redress.exceptions";
  }

  /** One decision per finding: the audit log. */
  public String decisions() {
    return prefix + "redress.decisions";
  }

  /** Commands for the executors. */
  public String remediations() {
    return prefix + "redress.remediations";
  }

  /** Commands the breaker holds for a human. */
  public String remediationsHeld() {
    return prefix + "redress.remediations.held";
  }

  /** What the executors did. */
  public String remediationResults() {
    return prefix + "redress.remediation-results";
  }

  /** Lessons and alerts for the notifiers. */
  public String notifications() {
    return prefix + "redress.notifications";
  }

  /** Breaker state per scope, compacted. */
  public String breaker() {
    return prefix + "redress.breaker";
  }

  /**
   * Held commands a person released or discarded, compacted, keyed by command id: the ledger that makes a release
   * act once per command however often it is repeated, and records who decided.
   */
  public String heldResolutions() {
    return prefix + "redress.remediations.resolved";
  }

  /**
   * Requests from people to the breaker ({@code redress breaker reset}), Avro {@code BreakerReset}, keyed by scope;
   * read into the breaker's own task. A reset is judged at its record's time, clamped to the reading instance's
   * clock: a time claimed earlier only makes the breaker count more after it, never less.
   */
  public String breakerCommands() {
    return prefix + "redress.breaker-commands";
  }

  /** What each delivery channel did with each notification. */
  public String notificationResults() {
    return prefix + "redress.notification-results";
  }

  /** CloudTrail management events (EventBridge "AWS API Call via CloudTrail"), JSON, for the creator index. */
  public String cloudTrail() {
    return prefix + "redress.cloudtrail";
  }

  /**
   * Lessons whose creator the notifier found, Avro {@code AddressedLesson}, keyed by recipient, stamped by the broker:
   * the digest step's input.
   */
  public String lessonsAddressed() {
    return prefix + "redress.lessons.addressed";
  }

  /** Lessons the digest step releases, one at once or a window's digest, Avro {@code DueLessons}, keyed by recipient. */
  public String lessonsDue() {
    return prefix + "redress.lessons.due";
  }

  /**
   * Per creator and control, how many lessons they were taught and how often they caused the control again after a
   * lesson, Avro {@code TrainingFigure}, compacted, keyed by creator and control.
   */
  public String trainingStats() {
    return prefix + "redress.training-stats";
  }

  /** Topics holding state that only the latest record per key matters for. */
  public List<String> compacted() {
    return List.of(exceptions(), breaker(), heldResolutions(), trainingStats(), deadLettersReplayed());
  }

  /**
   * Topics whose records the broker stamps with the time it appended them ({@code LogAppendTime}). Every decision
   * is judged at its finding's record time (exception expiry, cool-down, the breaker window); under
   * {@code CreateTime} that time is whatever the producer claims: one record dated in year 99999 would make every
   * exception look expired, one dated back would fall under exceptions long expired. The audit and what-if date
   * each exception by its record's time, which under {@code CreateTime} its publisher would choose too.
   */
  public List<String> brokerStamped() {
    return List.of(findingsRaw(), findings(), lessonsAddressed(), exceptions());
  }

  /**
   * The audit trail and what a replay of it needs: the findings (what-if), every decision, command and result.
   * Compacted topics are not among them: compaction, not retention, decides what they keep.
   */
  public List<String> auditTrail() {
    return List.of(findings(), decisions(), remediations(), remediationsHeld(), remediationResults());
  }

  public List<String> all() {
    return List.of(
        findingsRaw(), findings(), deadLetters(), deadLettersReplayed(), exceptions(), decisions(), remediations(),
        remediationsHeld(), remediationResults(), notifications(), breaker(), heldResolutions(),
        notificationResults(), cloudTrail(), breakerCommands(), lessonsAddressed(), lessonsDue(), trainingStats());
  }
}
