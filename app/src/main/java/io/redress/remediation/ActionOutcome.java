package io.redress.remediation;

import io.redress.contract.RemediationStatus;
import java.util.List;

/**
 * What an action found and did to one resource; the executor adds who acted and when to make the result.
 *
 * @param before state read before acting, as JSON; null when it could not be read
 * @param after state read back after acting, or the planned state of a dry run, as JSON; null when unknown
 * @param apiCalls the AWS calls made, or for a dry run the calls a real run would make, in order
 */
public record ActionOutcome(RemediationStatus status, String before, String after, String message, List<String> apiCalls) {

  public ActionOutcome {
    apiCalls = List.copyOf(apiCalls);
  }

  public static ActionOutcome failed(String message, String before, List<String> apiCalls) {
    return new ActionOutcome(RemediationStatus.FAILED, before, null, message, apiCalls);
  }
}
