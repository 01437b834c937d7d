package io.redress.remediation;

import io.redress.config.ControlParameters;
import io.redress.config.ControlParameters.PasswordRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.UpdateAccountPasswordPolicyRequest;

/**
 * Makes the account's password policy require what Security Hub IAM.7's parameters ask (by default upper and lower
 * case letters, numbers, symbols and at least 8 characters; a reuse prevention and a maximum age only when
 * configured). The update replaces the whole policy, so every other setting is sent back as it was read, and nothing
 * already stricter is loosened: a longer minimum, a requirement the rules leave off, a longer reuse prevention, a
 * shorter maximum age are kept.
 */
public final class PasswordPolicy extends AccountAction<PasswordPolicy.State> implements Parameterised {

  static final String GET = "iam:GetAccountPasswordPolicy";
  static final String UPDATE = "iam:UpdateAccountPasswordPolicy";

  /** An absent policy reads as all false and null, as IAM treats it. */
  record State(boolean exists, int minimumLength, boolean uppercase, boolean lowercase, boolean numbers,
      boolean symbols, Boolean usersMayChange, Integer maxAgeDays, Integer reusePrevention, Boolean hardExpiry) {
  }

  private final PasswordRules rules;

  /** With Security Hub's default parameters, as registered. */
  public PasswordPolicy() {
    this(ControlParameters.SECURITY_HUB_DEFAULTS);
  }

  PasswordPolicy(ControlParameters parameters) {
    this.rules = parameters.passwordRules();
  }

  @Override
  public RemediationAction with(ControlParameters parameters) {
    return new PasswordPolicy(parameters);
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
    return "Requires " + required(rules.minimumLength()) + " in the account password policy; its other settings are "
        + "kept.";
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
    return state.minimumLength() >= rules.minimumLength() && (state.uppercase() || !rules.uppercase())
        && (state.lowercase() || !rules.lowercase()) && (state.numbers() || !rules.numbers())
        && (state.symbols() || !rules.symbols())
        && rules.reusePrevention().map(least -> state.reusePrevention() != null && state.reusePrevention() >= least)
            .orElse(true)
        && rules.maxAgeDays().map(most -> state.maxAgeDays() != null && state.maxAgeDays() > 0
            && state.maxAgeDays() <= most).orElse(true);
  }

  @Override
  protected String plan(State before) {
    return "require " + required(Math.max(rules.minimumLength(), before.minimumLength())) + " in the password policy";
  }

  /** What the rules require, in words: "upper and lower case, numbers, symbols and at least 8 characters". */
  private String required(int minimumLength) {
    List<String> parts = new ArrayList<>();
    if (rules.uppercase() && rules.lowercase()) {
      parts.add("upper and lower case");
    } else if (rules.uppercase()) {
      parts.add("upper case");
    } else if (rules.lowercase()) {
      parts.add("lower case");
    }
    if (rules.numbers()) {
      parts.add("numbers");
    }
    if (rules.symbols()) {
      parts.add("symbols");
    }
    parts.add("at least " + minimumLength + " characters");
    rules.reusePrevention().ifPresent(count -> parts.add("no reuse of the last " + count + " passwords"));
    rules.maxAgeDays().ifPresent(days -> parts.add("a new password every " + days + " days at most"));
    return parts.size() == 1 ? parts.get(0)
        : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }

  @Override
  protected void change(Calls calls, State before) {
    UpdateAccountPasswordPolicyRequest.Builder update = UpdateAccountPasswordPolicyRequest.builder()
        .minimumPasswordLength(Math.max(rules.minimumLength(), before.minimumLength()))
        .requireUppercaseCharacters(before.uppercase() || rules.uppercase())
        .requireLowercaseCharacters(before.lowercase() || rules.lowercase())
        .requireNumbers(before.numbers() || rules.numbers())
        .requireSymbols(before.symbols() || rules.symbols())
        .allowUsersToChangePassword(before.usersMayChange()).hardExpiry(before.hardExpiry());
    // Zero or absent means "never" to IAM, which refuses 0 for both; what is set is kept where it is stricter.
    Optional<Integer> setAge = Optional.ofNullable(before.maxAgeDays()).filter(days -> days > 0);
    rules.maxAgeDays().map(most -> setAge.map(days -> Math.min(days, most)).orElse(most)).or(() -> setAge)
        .ifPresent(update::maxPasswordAge);
    Optional<Integer> setReuse = Optional.ofNullable(before.reusePrevention()).filter(count -> count > 0);
    rules.reusePrevention().map(least -> setReuse.map(count -> Math.max(count, least)).orElse(least))
        .or(() -> setReuse).ifPresent(update::passwordReusePrevention);
    calls.call(UPDATE).client(IamClient::builder).updateAccountPasswordPolicy(update.build());
  }
}
