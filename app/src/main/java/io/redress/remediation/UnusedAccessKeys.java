package io.redress.remediation;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;

/** Deactivates active access keys unused for 90 days, or never used and older than that (Security Hub IAM.8). */
public final class UnusedAccessKeys extends StaleAccessKeys {

  static final String LAST_USED = "iam:GetAccessKeyLastUsed";

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
    return "Deactivates (never deletes) the user's active access keys unused for 90 days (or never used and created "
        + "more than 90 days ago).";
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
