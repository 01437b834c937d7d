package io.redress.notification;

import io.redress.contract.Finding;
import io.redress.resource.ResourceIds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.arns.Arn;

/**
 * Who created or last changed the resource a finding is about, and how that was found. Sources are chained in the
 * order the lesson trusts them: the finding's own actor, the CloudTrail creator index, the resource's owner tags,
 * the CloudTrail API. Whatever a source answers, {@link Recipients} still refuses principals that cannot be creators
 * (the root user, AWS services) and moves on to the next.
 */
@FunctionalInterface
public interface CreatorLookup {

  /**
   * @param identity a principal ARN, an email address or a user name
   * @param foundBy how it was found, as a phrase a lesson shows ("the finding names who made the change")
   */
  record Creator(String identity, String foundBy) {
  }

  /**
   * Every candidate this source knows, most trusted first; empty when it does not know. Lazy: a later source (an API
   * call) is only asked when every earlier candidate was refused.
   */
  Stream<Creator> candidates(Finding finding);

  /** Knows nothing. */
  CreatorLookup NONE = finding -> Stream.empty();

  /**
   * The principal the detecting tool itself named, when it named one in the resource's own account. A principal of
   * another account is not taken: whoever sent the finding chose it, and a lesson about one account's resource must
   * not go to a person of another.
   */
  static CreatorLookup findingActor() {
    return finding -> Optional.ofNullable(finding.getActor())
        .filter(actor -> ResourceIds.arn(actor).flatMap(Arn::accountId)
            .filter(finding.getResource().getAccount()::equals).isPresent())
        .stream()
        .map(actor -> new Creator(actor, "the finding names who made the change"));
  }

  /** The resource's tags with these keys, in this order (e.g. {@code owner}, {@code created-by}). */
  static CreatorLookup tags(List<String> keys) {
    return finding -> {
      Map<String, String> tags = finding.getResource().getTags();
      return keys.stream().filter(key -> tags.get(key) != null && !tags.get(key).isBlank())
          .map(key -> new Creator(tags.get(key).strip(), "the resource's " + key + " tag names its owner"));
    };
  }

  /** This source's candidates, then the next one's. */
  default CreatorLookup then(CreatorLookup next) {
    return finding -> Stream.concat(candidates(finding), Stream.of(next).flatMap(later -> later.candidates(finding)));
  }
}
