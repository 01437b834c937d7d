package io.redress.remediation;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Deactivates active access keys created more than 90 days ago (Security Hub IAM.3). */
public final class AccessKeysNotRotated extends StaleAccessKeys {

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
    return List.of(LIST, UPDATE);
  }

  @Override
  public String summary() {
    return "Deactivates (never deletes) the user's active access keys created more than 90 days ago.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(LIST, UPDATE, LIST);
  }

  @Override
  protected Instant since(Calls calls, String user, String keyId, Instant created) {
    return created;
  }
}
