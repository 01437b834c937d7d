package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An action on one S3 bucket, named by the bucket's ARN or bare name. Its S3 client names the finding's account as
 * the expected bucket owner on every request ({@link AwsClients#EXPECTED_BUCKET_OWNER}), so a same-named bucket of
 * another account is refused by S3, not changed.
 */
abstract class BucketAction<S> extends CheckedChange<S> {

  BucketAction() {
  }

  /** @param waiting the time a run waits in for S3 to show its change */
  BucketAction(Settling.Waiting waiting) {
    super(waiting);
  }

  @Override
  public final String resourceType() {
    return "AwsS3Bucket";
  }

  @Override
  public final Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.S3_BUCKET);
  }

  @Override
  protected final Optional<String> target(Resource resource) {
    String bucket = bucketName(resource.getId());
    return bucket.isEmpty() ? Optional.empty() : Optional.of(bucket);
  }

  /** Security Hub reports buckets as {@code arn:aws:s3:::<bucket>}; other sources give the bare name. */
  static String bucketName(String resourceId) {
    if (resourceId.startsWith("arn:")) {
      String[] parts = resourceId.split(":", 6);
      return parts.length == 6 ? parts[5] : "";
    }
    return resourceId.trim();
  }

  static S3Client s3(Calls calls, String permission) {
    return calls.call(permission).s3();
  }

  /**
   * AWS's error code and message, and for AccessDenied the other cause it may have: S3 refuses a bucket owned by
   * another account than the expected owner with the same 403 AccessDenied it gives a missing permission, so the two
   * cannot be told apart from the answer.
   */
  @Override
  protected final String reason(SdkException e, Calls calls) {
    String described = describe(e);
    return errorCode(e).filter("AccessDenied"::equals).isPresent()
        ? described + "; S3 answers so also when the bucket is not owned by account " + calls.session().account()
            + ", the account the finding named"
        : described;
  }
}
