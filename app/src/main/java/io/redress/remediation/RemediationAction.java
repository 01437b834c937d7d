package io.redress.remediation;

import io.redress.contract.Resource;
import io.redress.exceptions.LastLook;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One remediation: the controls it fixes, the resource type it acts on and the exact IAM permissions it needs, so
 * that the catalogue, the least-privilege policy and the docs come from these declarations. Implementations are
 * registered in {@code META-INF/services/io.redress.remediation.RemediationAction}.
 */
public interface RemediationAction {

  /** Stable name carried on commands, e.g. {@code s3-block-public-access}. */
  String name();

  /** Canonical control ids this action brings into compliance. */
  Set<String> controls();

  /** Security Hub resource type it acts on, e.g. {@code AwsS3Bucket}. */
  String resourceType();

  /** Every IAM action the executor's role needs for it, reads included. */
  List<String> permissions();

  /** The condition each of {@link #permissions()} that the action never needs any wider is granted under. */
  default Map<String, GrantCondition> grantConditions() {
    return Map.of();
  }

  /**
   * How the executor reads the resource's tags from AWS before it acts, when an exception scoped to a tag is in force
   * for the command's controls, so that the tag covers the resource whether or not the finding carried it; empty for
   * a resource that cannot carry tags (an account). Its permissions are among {@link #permissions()}.
   */
  Optional<LiveTags> liveTags();

  /** One sentence saying what it changes, shown in dry-run plans and docs. */
  String summary();

  /** The AWS calls a run that has to change the resource makes, in order: the plan when AWS cannot be read. */
  List<String> plannedCalls();

  /**
   * The resource under the name exceptions are written on, when a finding may name it by an id only AWS can turn into
   * that name (AWS Config names a DB instance by its DbiResourceId). The executor checks exceptions again on the name
   * found before it acts, and acts on it. Most actions are given that name already and make no call. Never throws:
   * AWS's errors are an {@link Identity.Unknown}.
   */
  default Identity identify(AwsSession session, Resource resource) {
    return new Identity.Named(resource, List.of());
  }

  /** What {@link #identify} found; {@code calls} are the IAM actions it made, in order, none when it needed none. */
  sealed interface Identity {

    List<String> calls();

    record Named(Resource resource, List<String> calls) implements Identity {
      public Named {
        calls = List.copyOf(calls);
      }
    }

    /** @param why what was asked and what AWS answered, for the result's message */
    record Unknown(String why, List<String> calls) implements Identity {
      public Unknown {
        calls = List.copyOf(calls);
      }
    }
  }

  /**
   * Reads the resource's current state, changes it only if it is not compliant and {@code dryRun} is false, and
   * reads it back to verify. Running it twice is harmless. AWS errors are reported as a {@code FAILED} outcome,
   * never thrown, so one broken resource cannot stop the executor.
   *
   * @param exceptions the executor's last look, which found none covering {@code resource}: an action that changes
   *     other resources of it (an account's snapshots) leaves alone each one an exception covers
   */
  ActionOutcome execute(AwsSession session, Resource resource, LastLook exceptions, boolean dryRun);
}
