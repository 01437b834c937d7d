package io.redress.remediation;

import io.redress.config.ControlParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.LoginProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Security Hub IAM.8: removes the credentials of a user unused for longer than {@code maxCredentialUsageAge} (by
 * default 90 days), or never used and made longer ago than that, as AWS's own remediation
 * (AWSConfigRemediation-RevokeUnusedIAMUserCredentials) does: active access keys are deactivated, never deleted; the
 * console password is deleted, because IAM has no way to deactivate one: its login profile is the password. The
 * action keeps the name it had when it covered keys alone, since commands, results and audit rows carry it.
 */
public final class UnusedCredentials extends StaleAccessKeys<UnusedCredentials.State> {

  static final String LAST_USED = "iam:GetAccessKeyLastUsed";
  static final String GET_LOGIN_PROFILE = "iam:GetLoginProfile";
  static final String GET_USER = "iam:GetUser";
  static final String DELETE_LOGIN_PROFILE = "iam:DeleteLoginProfile";

  /**
   * The user's console password, as IAM keeps it.
   *
   * @param created the login profile's CreateDate
   * @param lastUsed the user's PasswordLastUsed; null when the password was never used
   * @param unused whether it went unused past the maximum, counted from its creation when never used
   */
  record Password(String created, String lastUsed, boolean unused) {
  }

  /** @param password null when the user has no console password */
  record State(Keys keys, Password password) {
  }

  /** With Security Hub's default parameters, as registered. */
  public UnusedCredentials() {
    this(ControlParameters.SECURITY_HUB_DEFAULTS);
  }

  UnusedCredentials(ControlParameters parameters) {
    super(parameters.maxCredentialUsageAge());
  }

  @Override
  public RemediationAction with(ControlParameters parameters) {
    return new UnusedCredentials(parameters);
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
    return List.of(LIST, LAST_USED, UPDATE, GET_LOGIN_PROFILE, GET_USER, DELETE_LOGIN_PROFILE);
  }

  @Override
  public String summary() {
    return "Deactivates (never deletes) the user's active access keys unused for more than " + maxAge()
        + " (or never used and created more than " + maxAge() + " ago), and deletes the user's console password"
        + " (login profile) unused as long (or never used and set more than " + maxAge() + " ago): IAM cannot"
        + " deactivate a password, so signing in again takes a new one from an administrator.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(LIST, LAST_USED, GET_LOGIN_PROFILE, GET_USER, UPDATE, DELETE_LOGIN_PROFILE,
        LIST, LAST_USED, GET_LOGIN_PROFILE);
  }

  @Override
  protected Instant since(Calls calls, String user, String keyId, Instant created) {
    Instant used = calls.call(LAST_USED).client(IamClient::builder).getAccessKeyLastUsed(r -> r.accessKeyId(keyId))
        .accessKeyLastUsed().lastUsedDate();
    return used == null ? created : used;
  }

  @Override
  protected State read(Calls calls) {
    return new State(readKeys(calls), readPassword(calls));
  }

  private Password readPassword(Calls calls) {
    LoginProfile profile;
    try {
      profile = calls.call(GET_LOGIN_PROFILE).client(IamClient::builder)
          .getLoginProfile(r -> r.userName(calls.target())).loginProfile();
    } catch (NoSuchEntityException e) {
      // IAM's answer for a user without a console password (the user exists: listing its keys succeeded).
      return null;
    }
    // Only GetUser tells when the password was last used; GetLoginProfile does not.
    Instant lastUsed = calls.call(GET_USER).client(IamClient::builder).getUser(r -> r.userName(calls.target()))
        .user().passwordLastUsed();
    return password(profile.createDate(), lastUsed, calls.session().now());
  }

  /**
   * The password judged {@code now}: by the later of its last use and its creation. PasswordLastUsed belongs to the
   * user, not to the password: a password deleted and set again keeps the old one's last use, and judged by that
   * alone, a password set yesterday would be deleted today.
   */
  Password password(Instant created, Instant lastUsed, Instant now) {
    Instant since = lastUsed == null || lastUsed.isBefore(created) ? created : lastUsed;
    return new Password(created.toString(), lastUsed == null ? null : lastUsed.toString(), stale(since, now));
  }

  private static boolean unusedPassword(State state) {
    return state.password() != null && state.password().unused();
  }

  @Override
  protected boolean compliant(State state) {
    return state.keys().stale().isEmpty() && !unusedPassword(state);
  }

  @Override
  protected String plan(State before) {
    List<String> steps = new ArrayList<>();
    if (!before.keys().stale().isEmpty()) {
      steps.add(deactivation(before.keys()));
    }
    if (unusedPassword(before)) {
      Password password = before.password();
      steps.add("delete the console password (login profile, created " + password.created() + ", "
          + (password.lastUsed() == null ? "never used" : "last used " + password.lastUsed()) + ") of user "
          + before.keys().user() + ", which IAM cannot deactivate");
    }
    return String.join(" and ", steps);
  }

  @Override
  protected void change(Calls calls, State before) {
    deactivate(calls, before.keys());
    if (unusedPassword(before)) {
      try {
        calls.call(DELETE_LOGIN_PROFILE).client(IamClient::builder)
            .deleteLoginProfile(r -> r.userName(before.keys().user()));
      } catch (NoSuchEntityException e) {
        // Removed by someone else since the read: what the change was for; the read back confirms it.
      }
    }
  }
}
