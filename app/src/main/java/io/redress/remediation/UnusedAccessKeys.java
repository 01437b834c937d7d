package io.redress.remediation;

import io.redress.config.ControlParameters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Deactivates active access keys unused for longer than Security Hub IAM.8's {@code maxCredentialUsageAge} (by default
 * 90 days), or never used and created longer ago than that.
 */
public final class UnusedAccessKeys extends StaleAccessKeys {

  static final String LAST_USED = "iam:GetAccessKeyLastUsed";
  static final String GET_LOGIN_PROFILE = "iam:GetLoginProfile";

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
    return List.of(GET_USER, LIST, LAST_USED, GET_LOGIN_PROFILE, UPDATE, LiveTags.IAM_USER_TAGS);
  }

  @Override
  public String summary() {
    return "Deactivates (never deletes) the user's active access keys unused for more than " + maxAge()
        + " (or never used and created more than " + maxAge() + " ago); a console password unused as long is left to"
        + " a person, and the command fails saying so.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET_USER, LIST, LAST_USED, GET_LOGIN_PROFILE, UPDATE, GET_USER, LIST, LAST_USED,
        GET_LOGIN_PROFILE);
  }

  @Override
  protected Instant since(Calls calls, String user, String keyId, Instant created) {
    Instant used = calls.call(LAST_USED).client(IamClient::builder).getAccessKeyLastUsed(r -> r.accessKeyId(keyId))
        .accessKeyLastUsed().lastUsedDate();
    return used == null ? created : used;
  }

  /**
   * IAM.8 fails a console password unused as long as a key: from its last use, or its creation if never used since.
   */
  @Override
  protected Optional<Instant> passwordSince(Calls calls, User user) {
    Instant created;
    try {
      created = calls.call(GET_LOGIN_PROFILE).client(IamClient::builder)
          .getLoginProfile(r -> r.userName(user.userName())).loginProfile().createDate();
    } catch (NoSuchEntityException noPassword) {
      return Optional.empty();
    }
    Instant used = user.passwordLastUsed();
    // A password set again since its last use counts from when it was set.
    return Optional.of(used == null || used.isBefore(created) ? created : used);
  }
}
