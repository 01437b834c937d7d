package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/** An action on one S3 bucket, named by the bucket's ARN or bare name. */
abstract class BucketAction<S> extends CheckedChange<S> {

  @Override
  public final String resourceType() {
    return "AwsS3Bucket";
  }

  @Override
  protected final Optional<String> target(Resource resource) {
    String bucket = S3BlockPublicAccess.bucketName(resource.getId());
    return bucket.isEmpty() ? Optional.empty() : Optional.of(bucket);
  }

  static S3Client s3(Calls calls, String permission) {
    return calls.call(permission).s3();
  }
}
