package io.redress.remediation;

import io.redress.config.ControlParameters;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Deactivates active access keys unused for longer than Security Hub IAM.8's {@code maxCredentialUsageAge} (by default
 * 90 days), or never used and created longer ago than that.
 */
public final class UnusedAccessKeys extends StaleAccessKeys {

  static final String LAST_USED = "iam:GetAccessKeyLastUsed";

  /** With Security Hub's default parameters, as registered. */
  public UnusedAccessKeys() {
    this(ControlParameters.SECURITY_HUB_DEFAULTS);
  }

  UnusedAccessKeys(ControlParameters parameters) {
    super(parameters.maxCredentialUsageAge());
  }

  @Override
  public RemediationAction with(ControlParameters parameters) {
    return new UnusedAccessKeys(parameters);
  }

  @Override
  public String name() {
    return "iam-deactivate-unused-access-keys";
  }

  @Override
  public Set<String> controls() {
    return Set.of("IAM.8");
  }

  @Override
  public List<String> permissions() {
    return List.of(LIST, LAST_USED, UPDATE);
  }

  @Override
  public String summary() {
    return "Deactivates (never deletes) the user's active access keys unused for more than " + maxAge()
        + " (or never used and created more than " + maxAge() + " ago).";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(LIST, LAST_USED, UPDATE, LIST, LAST_USED);
  }

  @Override
  protected Instant since(Calls calls, String user, String keyId, Instant created) {
    Instant used = calls.call(LAST_USED).client(IamClient::builder).getAccessKeyLastUsed(r -> r.accessKeyId(keyId))
        .accessKeyLastUsed().lastUsedDate();
    return used == null ? created : used;
  }
}
