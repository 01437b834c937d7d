package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.Optional;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/**
 * An action on a CloudTrail trail, named by its ARN. A multi-region trail is reported in every region it covers,
 * but can only be changed in its home region, which its ARN names: the calls go there.
 */
abstract class TrailAction<S> extends CheckedChange<S> {

  static final String DESCRIBE = "cloudtrail:DescribeTrails";

  @Override
  public final String resourceType() {
    return "AwsCloudTrailTrail";
  }

  @Override
  public final Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.CLOUDTRAIL_TRAIL);
  }

  @Override
  protected final Optional<String> target(Resource resource) {
    return Optional.of(resource.getId());
  }

  static CloudTrailClient cloudTrail(Calls calls, String permission) {
    return cloudTrail(calls, permission, calls.target());
  }

  /** A client for {@code trail}'s home region (named by its ARN), where alone it can be changed. */
  static CloudTrailClient cloudTrail(Calls calls, String permission, String trail) {
    return calls.call(permission).client(CloudTrailClient::builder, home(calls, trail));
  }

  /** The region {@code trail}'s ARN names, or the finding's for a bare name. */
  static Region home(Calls calls, String trail) {
    return Arn.tryFromString(trail).flatMap(Arn::region).map(Region::of).orElse(calls.session().region());
  }

  /**
   * The trail named by the command, and no other: the answer is held to the name asked for, in case an answer
   * carries another trail of the region beside it (moto's does: it ignores the name list).
   */
  static Trail trail(Calls calls) {
    String target = calls.target();
    return cloudTrail(calls, DESCRIBE).describeTrails(r -> r.trailNameList(target)).trailList().stream()
        .filter(trail -> target.equals(trail.trailARN()) || target.equals(trail.name())).findFirst()
        .orElseThrow(() -> new Refused("no trail " + target + " was found in its home region"));
  }
}
