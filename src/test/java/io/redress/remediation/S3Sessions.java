package io.redress.remediation;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A session of {@code account} whose S3 client is a fake, for answers no emulator can be made to give. */
final class S3Sessions {

  private S3Sessions() {
  }

  static AwsSession answeringWith(S3Client s3, String account) {
    return new AwsSession(new AwsSession.ClientSource() {
      @Override
      @SuppressWarnings("unchecked")
      public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
          B builder, Region region) {
        return (C) s3;
      }
    }, Region.US_EAST_1, account, Optional.empty(), Instant.EPOCH, () -> { });
  }
}
