package io.redress.decision;

import java.util.Optional;

/**
 * The names of approvals: a command of a control in approval mode is held by {@code approval:<control>}, beside the
 * breaker scopes ({@code global}, {@code account:...}, {@code control:...}) that hold commands on the same topic,
 * so that approving is releasing and denying is discarding, on the same ledger.
 */
public final class Approvals {

  public static final String PREFIX = "approval:";

  private Approvals() {
  }

  public static String of(String control) {
    return PREFIX + control;
  }

  public static boolean isApproval(String heldBy) {
    return heldBy != null && heldBy.startsWith(PREFIX);
  }

  /** The control an approval is about, if {@code heldBy} names one. */
  public static Optional<String> control(String heldBy) {
    return isApproval(heldBy) ? Optional.of(heldBy.substring(PREFIX.length())) : Optional.empty();
  }
}
