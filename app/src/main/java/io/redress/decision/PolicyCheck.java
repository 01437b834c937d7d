package io.redress.decision;

import io.redress.config.RedressConfig.PolicySettings;
import io.redress.contract.Mode;
import io.redress.remediation.RemediationAction;
import io.redress.remediation.RemediationCatalogue;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Settles every finding still open by its control's configured mode. A control nobody configured is dry-run:
 * Redress never changes production for a control until someone has said it may.
 */
public final class PolicyCheck implements FixedKeyProcessor<String, Assessment, Assessment> {

  private final PolicySettings policy;
  private final RemediationCatalogue catalogue;
  private FixedKeyProcessorContext<String, Assessment> context;

  public PolicyCheck(PolicySettings policy, RemediationCatalogue catalogue) {
    this.policy = policy;
    this.catalogue = catalogue;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Assessment> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, Assessment> record) {
    Assessment assessment = record.value();
    context.forward(record.withValue(assessment.settled() ? assessment : decide(assessment)));
  }

  Assessment decide(Assessment assessment) {
    String control = assessment.control();
    Mode mode = policy.modeOf(control);
    String configured = policy.controls().containsKey(control)
        ? "configured for " + control
        : "the default for controls not configured";
    Assessment withMode = assessment.withMode(mode);
    if (mode == Mode.OFF) {
      return withMode.settle(new Verdict.Disabled(control + " is off (" + configured + ")"));
    }
    if (mode == Mode.NOTIFY_ONLY) {
      return withMode.settle(new Verdict.NotifyOnly(
          control + " is notify-only (" + configured + "): the creator is told how to fix it"));
    }
    Optional<RemediationAction> action = catalogue.forControl(control);
    if (action.isEmpty()) {
      return withMode.settle(new Verdict.NotifyOnly(
          "no remediation is registered for " + control + ": the creator is told how to fix it"));
    }
    String name = action.get().name();
    if (mode == Mode.DRY_RUN) {
      return withMode.settle(new Verdict.DryRun(name, control + " is dry-run (" + configured + "): "
          + name + " will report what it would change, and change nothing"));
    }
    return withMode.settle(new Verdict.Remediate(name, control + " is auto (" + configured + "): " + name
        + ": " + action.get().summary()));
  }
}
