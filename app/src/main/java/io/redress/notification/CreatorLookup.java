package io.redress.notification;

import io.redress.contract.Finding;
import java.util.Optional;

/**
 * Who created or last changed the resource a finding is about. The first source is the finding's own actor; the
 * CloudTrail creator index, resource tags and the CloudTrail API are further sources to chain behind it.
 * Whatever a lookup answers, {@link Recipients} still refuses principals that cannot be creators.
 */
@FunctionalInterface
public interface CreatorLookup {

  /** @return a principal ARN, or empty when this source does not know */
  Optional<String> creatorOf(Finding finding);

  /** The principal the detecting tool itself named, when it named one. */
  static CreatorLookup findingActor() {
    return finding -> Optional.ofNullable(finding.getActor());
  }
}
