package io.redress.kafka;

import java.util.List;

/**
 * Names of every topic Redress reads or writes. One place, so that the topology, the executors, the notifiers, the
 * provisioning and the tests agree.
 */
public final class Topics {
  /** Findings exactly as received, JSON. */
  public static final String FINDINGS_RAW = "redress.findings.raw";
  /** Normalized findings, Avro {@code Finding}, keyed by resource. */
  public static final String FINDINGS = "redress.findings";
  /** Inputs that could not be used, Avro {@code DeadLetter}. */
  public static final String DEAD_LETTERS = "redress.dlq";
  /** Approved exceptions, compacted, keyed by scope key. */
  public static final String EXCEPTIONS = "redress.exceptions";
  /** One decision per finding: the audit log. */
  public static final String DECISIONS = "redress.decisions";
  /** Commands for the executors. */
  public static final String REMEDIATIONS = "redress.remediations";
  /** Commands the breaker holds for a human. */
  public static final String REMEDIATIONS_HELD = "redress.remediations.held";
  /** What the executors did. */
  public static final String REMEDIATION_RESULTS = "redress.remediation-results";
  /** Lessons and alerts for the notifiers. */
  public static final String NOTIFICATIONS = "redress.notifications";
  /** Breaker state per scope, compacted. */
  public static final String BREAKER = "redress.breaker";
  /**
   * Held commands a person released or discarded, compacted, keyed by command id: the ledger that makes a release
   * act once per command however often it is repeated, and records who decided.
   */
  public static final String HELD_RESOLUTIONS = "redress.remediations.resolved";
  /**
   * Requests from people to the breaker ({@code redress breaker reset}), Avro {@code BreakerReset}, keyed by scope;
   * read into the breaker's own task. A reset is judged at its record's time, clamped to the reading instance's
   * clock: a time claimed earlier only makes the breaker count more after it, never less.
   */
  public static final String BREAKER_COMMANDS = "redress.breaker-commands";
  /** What each delivery channel did with each notification. */
  public static final String NOTIFICATION_RESULTS = "redress.notification-results";
  /** CloudTrail management events (EventBridge "AWS API Call via CloudTrail"), JSON, for the creator index. */
  public static final String CLOUDTRAIL = "redress.cloudtrail";

  /**
   * Lessons whose creator the notifier found, Avro {@code AddressedLesson}, keyed by recipient, stamped by the broker:
   * the digest step's input.
   */
  public static final String LESSONS_ADDRESSED = "redress.lessons.addressed";
  /** Lessons the digest step releases, one at once or a window's digest, Avro {@code DueLessons}, keyed by recipient. */
  public static final String LESSONS_DUE = "redress.lessons.due";

  /**
   * Per creator and control, how many lessons they were taught and how often they caused the control again after a
   * lesson, Avro {@code TrainingFigure}, compacted, keyed by creator and control.
   */
  public static final String TRAINING_STATS = "redress.training-stats";

  /** Topics holding state that only the latest record per key matters for. */
  public static final List<String> COMPACTED = List.of(EXCEPTIONS, BREAKER, HELD_RESOLUTIONS, TRAINING_STATS);

  /**
   * Topics whose records the broker stamps with the time it appended them ({@code LogAppendTime}). Every decision
   * is judged at its finding's record time (exception expiry, cool-down, the breaker window); under
   * {@code CreateTime} that time is whatever the producer claims: one record dated in year 99999 would make every
   * exception look expired, one dated back would fall under exceptions long expired.
   */
  public static final List<String> BROKER_STAMPED = List.of(FINDINGS_RAW, FINDINGS, LESSONS_ADDRESSED);

  /**
   * The audit trail and what a replay of it needs: the findings (what-if), every decision, command and result.
   * Compacted topics are not among them: compaction, not retention, decides what they keep.
   */
  public static final List<String> AUDIT_TRAIL = List.of(
      FINDINGS, DECISIONS, REMEDIATIONS, REMEDIATIONS_HELD, REMEDIATION_RESULTS);

  public static final List<String> ALL = List.of(
      FINDINGS_RAW, FINDINGS, DEAD_LETTERS, EXCEPTIONS, DECISIONS, REMEDIATIONS, REMEDIATIONS_HELD,
      REMEDIATION_RESULTS, NOTIFICATIONS, BREAKER, HELD_RESOLUTIONS,
      NOTIFICATION_RESULTS, CLOUDTRAIL, BREAKER_COMMANDS, LESSONS_ADDRESSED, LESSONS_DUE, TRAINING_STATS);

  private Topics() {
  }
}
