package io.redress.remediation;

import io.redress.contract.Resource;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;

/**
 * A checked change of a made-up resource type ({@code FakeThing}, control {@code Fake.1}) that calls no AWS service:
 * what a test of {@link CheckedChange}'s own rules needs besides the reads and writes it makes up.
 */
abstract class FakeThingChange<S> extends CheckedChange<S> {

  FakeThingChange(Settling.Waiting waiting) {
    super(waiting);
  }

  /** A session that is never asked for a client: the fake change calls no AWS service. */
  static AwsSession session() {
    return new AwsSession(new AwsSession.ClientSource() {
      @Override
      public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
          B builder, Region region) {
        throw new AssertionError("the fake action calls no AWS service");
      }
    }, Region.US_EAST_1, MotoCloud.ACCOUNT, Optional.empty(), Instant.EPOCH, () -> { });
  }

  @Override
  protected Optional<String> target(Resource resource) {
    return Optional.of(resource.getId());
  }

  @Override
  public Optional<LiveTags> liveTags() {
    return Optional.empty();
  }

  @Override
  public Set<String> controls() {
    return Set.of("Fake.1");
  }

  @Override
  public String resourceType() {
    return "FakeThing";
  }
}
