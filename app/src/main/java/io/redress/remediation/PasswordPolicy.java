package io.redress.remediation;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.UpdateAccountPasswordPolicyRequest;

/**
 * Makes the account's password policy require upper and lower case letters, numbers, symbols and at least 8
 * characters (Security Hub IAM.7 with its default parameters). The update replaces the whole policy, so every
 * other setting (maximum age, reuse prevention, expiry) is sent back as it was read, and a longer minimum is kept.
 */
public final class PasswordPolicy extends AccountAction<PasswordPolicy.State> {

  static final String GET = "iam:GetAccountPasswordPolicy";
  static final String UPDATE = "iam:UpdateAccountPasswordPolicy";
  static final int MIN_LENGTH = 8;

  /** An absent policy reads as all false and null, as IAM treats it. */
  record State(boolean exists, int minimumLength, boolean uppercase, boolean lowercase, boolean numbers,
      boolean symbols, Boolean usersMayChange, Integer maxAgeDays, Integer reusePrevention, Boolean hardExpiry) {
  }

  @Override
  public String name() {
    return "iam-password-policy";
  }

  @Override
  public Set<String> controls() {
    return Set.of("IAM.7");
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, UPDATE);
  }

  @Override
  public String summary() {
    return "Requires upper and lower case, numbers, symbols and at least 8 characters in the account password "
        + "policy; its other settings are kept.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, UPDATE, GET);
  }

  @Override
  protected State read(Calls calls) {
    try {
      var policy = calls.call(GET).client(IamClient::builder).getAccountPasswordPolicy().passwordPolicy();
      return new State(true, policy.minimumPasswordLength() == null ? 0 : policy.minimumPasswordLength(),
          Boolean.TRUE.equals(policy.requireUppercaseCharacters()),
          Boolean.TRUE.equals(policy.requireLowercaseCharacters()), Boolean.TRUE.equals(policy.requireNumbers()),
          Boolean.TRUE.equals(policy.requireSymbols()), policy.allowUsersToChangePassword(),
          policy.maxPasswordAge(), policy.passwordReusePrevention(), policy.hardExpiry());
    } catch (SdkException e) {
      if (errorCode(e).filter("NoSuchEntity"::equals).isPresent()) {
        return new State(false, 0, false, false, false, false, null, null, null, null);
      }
      throw e;
    }
  }

  @Override
  protected boolean compliant(State state) {
    return state.minimumLength() >= MIN_LENGTH && state.uppercase() && state.lowercase() && state.numbers()
        && state.symbols();
  }

  @Override
  protected String plan(State before) {
    return "require upper and lower case, numbers, symbols and at least "
        + Math.max(MIN_LENGTH, before.minimumLength()) + " characters in the password policy";
  }

  @Override
  protected void change(Calls calls, State before) {
    UpdateAccountPasswordPolicyRequest.Builder update = UpdateAccountPasswordPolicyRequest.builder()
        .minimumPasswordLength(Math.max(MIN_LENGTH, before.minimumLength()))
        .requireUppercaseCharacters(true).requireLowercaseCharacters(true).requireNumbers(true).requireSymbols(true)
        .allowUsersToChangePassword(before.usersMayChange()).hardExpiry(before.hardExpiry());
    // Zero or absent means "never" to IAM, which refuses 0 for both.
    if (before.maxAgeDays() != null && before.maxAgeDays() > 0) {
      update.maxPasswordAge(before.maxAgeDays());
    }
    if (before.reusePrevention() != null && before.reusePrevention() > 0) {
      update.passwordReusePrevention(before.reusePrevention());
    }
    calls.call(UPDATE).client(IamClient::builder).updateAccountPasswordPolicy(update.build());
  }
}
