package io.redress.remediation;

import io.redress.config.ControlParameters;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Deactivates active access keys created longer ago than Security Hub IAM.3's {@code maxAccessKeyAge} (by default
 * 90 days).
 */
public final class AccessKeysNotRotated extends StaleAccessKeys {

  /** With Security Hub's default parameters, as registered. */
  public AccessKeysNotRotated() {
    this(ControlParameters.SECURITY_HUB_DEFAULTS);
  }

  AccessKeysNotRotated(ControlParameters parameters) {
    super(parameters.maxAccessKeyAge());
  }

  @Override
  public RemediationAction with(ControlParameters parameters) {
    return new AccessKeysNotRotated(parameters);
  }

  @Override
  public String name() {
    return "iam-deactivate-unrotated-access-keys";
  }

  @Override
  public Set<String> controls() {
    return Set.of("IAM.3");
  }

  @Override
  public List<String> permissions() {
    return List.of(GET_USER, LIST, UPDATE, LiveTags.IAM_USER_TAGS);
  }

  @Override
  public String summary() {
    return "Deactivates (never deletes) the user's active access keys created more than " + maxAge() + " ago.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET_USER, LIST, UPDATE, GET_USER, LIST);
  }

  @Override
  protected Instant since(Calls calls, String user, String keyId, Instant created) {
    return created;
  }
}
