package io.redress.decision;

import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recognises changes Redress made itself, so that the findings they cause never produce commands (a remediation
 * that a CSPM reports as a new change must not start another). Redress acts in an account as its configured role,
 * in a role session it names {@value #SESSION_PREFIX} and the command id. A finding's actor is Redress's own when it
 * is one of those roles, or a session of one of them named that way. The session name alone is not enough: anyone
 * may name a session of their own role {@code redress-...}, and their changes must still be remediated.
 */
public final class OwnPrincipals {

  /** Every role session the executor opens is named with this prefix. */
  public static final String SESSION_PREFIX = "redress-";
  public static final OwnPrincipals NONE = new OwnPrincipals(List.of());

  /** (account, role name) of each configured role: what an assumed-role ARN names. */
  private final Set<String> roles;
  private final Set<String> roleArns;

  public OwnPrincipals(Collection<String> roleArns) {
    this.roleArns = Set.copyOf(roleArns);
    this.roles = roleArns.stream().map(arn -> arn.split(":", 6)).filter(parts -> parts.length == 6)
        .map(parts -> parts[4] + "/" + roleName(parts[5]))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The roles Redress assumes per account; without an {@code aws} section there are none. */
  public static OwnPrincipals of(AwsSettings aws) {
    return aws.configured() ? new OwnPrincipals(aws.roles().values().stream().map(AccountRole::roleArn).toList())
        : NONE;
  }

  /** Why {@code actor} is Redress itself, or empty when it is someone else (or unknown). */
  public Optional<String> recognise(String actor) {
    if (actor == null) {
      return Optional.empty();
    }
    if (roleArns.contains(actor)) {
      return Optional.of("its actor " + actor + " is Redress's own remediator role");
    }
    // arn:<partition>:sts::<account>:assumed-role/<role name>/<session name>
    String[] arn = actor.split(":", 6);
    if (arn.length != 6 || !arn[0].equals("arn") || !arn[2].equals("sts")) {
      return Optional.empty();
    }
    String[] resource = arn[5].split("/", 3);
    boolean ownSession = resource.length == 3 && resource[0].equals("assumed-role")
        && resource[2].startsWith(SESSION_PREFIX) && roles.contains(arn[4] + "/" + resource[1]);
    return ownSession ? Optional.of("its actor is Redress's own role session " + resource[1] + "/" + resource[2])
        : Optional.empty();
  }

  /** {@code role/path/name} names the role {@code name}. */
  private static String roleName(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }
}
