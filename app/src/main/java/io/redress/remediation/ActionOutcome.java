package io.redress.remediation;

import io.redress.contract.RemediationStatus;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an action found and did to one resource; the executor adds who acted and when to make the result.
 *
 * @param before state read before acting, as JSON; null when it could not be read
 * @param after state read back after acting, or the planned state of a dry run, as JSON; null when unknown
 * @param apiCalls the AWS calls made, or for a dry run the calls a real run would make, in order
 */
public record ActionOutcome(RemediationStatus status, String before, String after, String message, List<String> apiCalls) {

  /**
   * How the message of a dry run's plan and of a failed dry run starts. A dry run that found the change could not be
   * made is FAILED, and this is how a reader (the lesson to the resource's creator) tells it from a change that was
   * tried and failed.
   */
  public static final String DRY_RUN = "dry run: ";

  /** The IAM actions of calls that only read: Get, Describe, List, Head. Any other call may change something. */
  private static final Pattern READS = Pattern.compile(":(Get|Describe|List|Head)");

  public ActionOutcome {
    apiCalls = List.copyOf(apiCalls);
  }

  /** Whether {@code call}, named by its IAM action, may change something in AWS. */
  static boolean changes(String call) {
    return !READS.matcher(call).find();
  }

  /** Whether a call that may change something was made, or begun: its result tells what was changed. */
  boolean triedAChange() {
    return apiCalls.stream().anyMatch(ActionOutcome::changes);
  }

  public static ActionOutcome failed(String message, String before, List<String> apiCalls) {
    return new ActionOutcome(RemediationStatus.FAILED, before, null, message, apiCalls);
  }

  /** This outcome as a dry run's: a failure says it was one. */
  public ActionOutcome inDryRun() {
    return status == RemediationStatus.FAILED
        ? new ActionOutcome(status, before, after, DRY_RUN + message, apiCalls) : this;
  }

  /** Whether a result with this status and message is a dry run that found the change could not be made. */
  public static boolean failedInDryRun(RemediationStatus status, String message) {
    return status == RemediationStatus.FAILED && message.startsWith(DRY_RUN);
  }
}
