package io.redress.decision;

import io.redress.config.RedressConfig.PolicySettings;
import io.redress.contract.Mode;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settles a finding by its control's configured mode. A control nobody configured is dry-run: Redress never
 * changes production for a control until someone has said it may. An explicit request (a Security Hub custom
 * action) is decided by the same mode: a request is not a permission, and anyone able to write to the findings
 * topic or the webhook could send one.
 */
public final class Policy {

  private final PolicySettings settings;
  private final Function<String, Optional<Remedy>> remedies;

  /** @param remedies the registered remediation for a control, if there is one */
  public Policy(PolicySettings settings, Function<String, Optional<Remedy>> remedies) {
    this.settings = settings;
    this.remedies = remedies;
  }

  public Assessment decide(Assessment assessment) {
    if (assessment.settled()) {
      return assessment;
    }
    String control = assessment.control();
    Mode mode = settings.modeOf(control);
    String configured = (settings.controls().containsKey(control)
        ? "configured for " + control
        : "the default for controls not configured")
        + (assessment.requested() ? "; requested through the custom action '" + assessment.finding().getRequest()
            + "', which does not change the mode" : "");
    Assessment withMode = assessment.withMode(mode);
    if (mode == Mode.OFF) {
      return withMode.settle(new Verdict.Disabled(control + " is off (" + configured + ")"));
    }
    if (mode == Mode.NOTIFY_ONLY) {
      return withMode.settle(new Verdict.NotifyOnly(
          control + " is notify-only (" + configured + "): the creator is told how to fix it"));
    }
    Optional<Remedy> remedy = remedies.apply(control);
    if (remedy.isEmpty()) {
      return withMode.settle(new Verdict.NotifyOnly(
          "no remediation is registered for " + control + ": the creator is told how to fix it"));
    }
    String name = remedy.get().action();
    if (mode == Mode.DRY_RUN) {
      return withMode.settle(new Verdict.DryRun(name, control + " is dry-run (" + configured + "): "
          + name + " will report what it would change, and change nothing"));
    }
    if (settings.requiresApproval(control)) {
      String approval = Approvals.of(control);
      return withMode.settle(new Verdict.AwaitingApproval(name, approval, control + " needs approval (" + configured
          + "): " + name + " waits for a person to approve or deny it (" + approval + "): " + remedy.get().summary()));
    }
    return withMode.settle(new Verdict.Remediate(name, control + " is auto (" + configured + "): " + name
        + ": " + remedy.get().summary()));
  }
}
