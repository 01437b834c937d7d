package io.redress.remediation;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Turns versioning on for a bucket where it is off or suspended (Security Hub S3.14); MFA delete is left as it is. */
public final class S3Versioning extends BucketAction<S3Versioning.State> {

  static final String GET = "s3:GetBucketVersioning";
  static final String PUT = "s3:PutBucketVersioning";

  /** @param status Enabled, Suspended, or empty for a bucket that never had versioning */
  record State(String status) {
  }

  @Override
  public String name() {
    return "s3-versioning";
  }

  @Override
  public Set<String> controls() {
    return Set.of("S3.14");
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, PUT, LiveTags.S3_BUCKET_TAGS);
  }

  @Override
  public String summary() {
    return "Turns versioning on; MFA delete and every other bucket setting stay as they are.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, PUT, GET);
  }

  @Override
  protected State read(Calls calls) {
    String status = s3(calls, GET).getBucketVersioning(r -> r.bucket(calls.target())).statusAsString();
    return new State(status == null ? "" : status);
  }

  @Override
  protected boolean compliant(State state) {
    return BucketVersioningStatus.ENABLED.toString().equals(state.status());
  }

  @Override
  protected String plan(State before) {
    return "turn versioning on";
  }

  @Override
  protected void change(Calls calls, State before) {
    // Without an MFA value, S3 leaves MFA delete as it is.
    s3(calls, PUT).putBucketVersioning(r -> r.bucket(calls.target())
        .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
  }
}
