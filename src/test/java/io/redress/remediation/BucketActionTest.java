package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What a bucket action reports when S3 refuses it, as it refuses a bucket not owned by the expected account. */
class BucketActionTest {

  private static final String ACCOUNT = "123456789012";
  private static final Resource BUCKET = Commands.bucket(ACCOUNT, "arn:aws:s3:::someone-elses");

  @Test
  void aBucketActionDeniedByS3SaysTheBucketMayNotBeOwnedByTheFindingsAccount() {
    ActionOutcome outcome = new S3Versioning().execute(sessionAnswering("AccessDenied"), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).contains("s3:GetBucketVersioning", "AccessDenied",
        "not owned by account " + ACCOUNT + ", the account the finding named");
  }

  @Test
  void blockPublicAccessDeniedByS3SaysTheBucketMayNotBeOwnedByTheFindingsAccount() {
    ActionOutcome outcome = new S3BlockPublicAccess().execute(sessionAnswering("AccessDenied"), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).contains("s3:GetBucketPublicAccessBlock", "AccessDenied",
        "not owned by account " + ACCOUNT + ", the account the finding named");
  }

  @Test
  void anyOtherS3ErrorIsReportedAsItIs() {
    ActionOutcome outcome = new S3DenyInsecureTransport().execute(sessionAnswering("NoSuchBucket"), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).contains("NoSuchBucket").doesNotContain("owned");
  }

  /** A session whose S3 client answers every request with {@code errorCode}, as S3 would with a 403 or 404. */
  private static AwsSession sessionAnswering(String errorCode) {
    S3Client s3 = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, arguments) -> switch (method.getName()) {
          case "close" -> null;
          case "serviceName" -> S3Client.SERVICE_NAME;
          default -> throw S3Exception.builder().statusCode(403)
              .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).errorMessage("refused").build())
              .build();
        });
    return S3Sessions.answeringWith(s3, ACCOUNT);
  }
}
