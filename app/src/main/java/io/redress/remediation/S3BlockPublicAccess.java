package io.redress.remediation;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * Turns on all four bucket-level Block Public Access settings (Security Hub S3.2, S3.3 and S3.8). S3's bucket settings
 * are eventually consistent, so a read right after the PUT may still answer with the settings before it: they are read
 * back until S3 shows them, as every action's change is ({@link Settling}).
 */
public final class S3BlockPublicAccess extends BucketAction<PublicAccessBlockSettings> {

  static final String GET = "s3:GetBucketPublicAccessBlock";
  static final String PUT = "s3:PutBucketPublicAccessBlock";

  public S3BlockPublicAccess() {
  }

  /** @param waiting the time a run waits in for S3 to show its change */
  S3BlockPublicAccess(Settling.Waiting waiting) {
    super(waiting);
  }

  @Override
  public String name() {
    return "s3-block-public-access";
  }

  @Override
  public Set<String> controls() {
    return Set.of("S3.2", "S3.3", "S3.8");
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, PUT, LiveTags.S3_BUCKET_TAGS);
  }

  @Override
  public String summary() {
    return "Turns on BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets on the bucket.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, PUT, GET);
  }

  @Override
  protected PublicAccessBlockSettings read(Calls calls) {
    return PublicAccessBlockSettings.orAllOff(() -> {
      PublicAccessBlockConfiguration settings = s3(calls, GET).getPublicAccessBlock(r -> r.bucket(calls.target()))
          .publicAccessBlockConfiguration();
      return PublicAccessBlockSettings.of(settings.blockPublicAcls(), settings.ignorePublicAcls(),
          settings.blockPublicPolicy(), settings.restrictPublicBuckets());
    });
  }

  @Override
  protected boolean compliant(PublicAccessBlockSettings state) {
    return state.allOn();
  }

  @Override
  protected String plan(PublicAccessBlockSettings before) {
    return "turn on " + before.off();
  }

  @Override
  protected void change(Calls calls, PublicAccessBlockSettings before) {
    s3(calls, PUT).putPublicAccessBlock(r -> r.bucket(calls.target()).publicAccessBlockConfiguration(c -> c
        .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
  }

  @Override
  protected Optional<String> missingAfter(PublicAccessBlockSettings before, PublicAccessBlockSettings after) {
    return after.allOn() ? Optional.empty() : Optional.of(after.off());
  }
}
