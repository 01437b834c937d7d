package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.Optional;

/**
 * An action on an account-wide setting. Security Hub reports these on an {@code AwsAccount} resource (id
 * {@code AWS::::Account:<account>}); the account acted in is always the finding's own, in the finding's region.
 */
abstract class AccountAction<S> extends CheckedChange<S> {

  @Override
  public final String resourceType() {
    return "AwsAccount";
  }

  /**
   * An account carries no tags an exception could name. An action that changes resources of the account (its
   * snapshots, one of its trails) asks about each of those, tags included, before changing it.
   */
  @Override
  public final Optional<LiveTags> liveTags() {
    return Optional.empty();
  }

  @Override
  protected final Optional<String> target(Resource resource) {
    return Optional.of("account " + resource.getAccount() + " in " + resource.getRegion());
  }
}
