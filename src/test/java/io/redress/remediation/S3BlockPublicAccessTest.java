package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3's bucket settings are eventually consistent: right after a PUT that S3 accepted, a read may still answer with the
 * settings before it. A fix that S3 shows only on a later read is applied, not failed. Eventual consistency is S3's
 * own, so S3 here is a fake whose reads stay stale for a given number of read-backs, or that fails a given call, and
 * the time is a test's, which moves only when slept.
 */
class S3BlockPublicAccessTest {

  private static final String GET = "s3:GetBucketPublicAccessBlock";
  private static final String PUT = "s3:PutBucketPublicAccessBlock";
  private static final Resource BUCKET = Commands.bucket(MotoCloud.ACCOUNT, "arn:aws:s3:::slow-to-show");
  private static final String ALL_OFF = "{\"BlockPublicAcls\":false,\"IgnorePublicAcls\":false,"
      + "\"BlockPublicPolicy\":false,\"RestrictPublicBuckets\":false}";

  private final List<Duration> slept = new ArrayList<>();
  private long nanos;
  private final Settling.Waiting time = new Settling.Waiting() {
    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public void sleep(Duration pause) {
      slept.add(pause);
      nanos += pause.toNanos();
    }
  };

  @Test
  void settingsShownOnlyByTheSecondReadBackAreApplied() {
    ActionOutcome outcome = new S3BlockPublicAccess(time).execute(staleFor(1), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(outcome.after()).isEqualTo("{\"BlockPublicAcls\":true,\"IgnorePublicAcls\":true,"
        + "\"BlockPublicPolicy\":true,\"RestrictPublicBuckets\":true}");
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET, GET);
    assertThat(slept).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void aReadBackThatShowsTheSettingsAtOnceIsTheOnlyOne() {
    ActionOutcome outcome = new S3BlockPublicAccess(time).execute(staleFor(0), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET);
    assertThat(slept).isEmpty();
  }

  @Test
  void settingsNeverShownFailOnceTheSettlingIsSpentSayingHowLongTheyWereReadBack() {
    ActionOutcome outcome = new S3BlockPublicAccess(time).execute(staleFor(Integer.MAX_VALUE), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("slow-to-show is still not compliant after the change and lacks "
        + "BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets (read back for 10 s)");
    assertThat(slept.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(CheckedChange.SETTLING);
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET, GET, GET, GET, GET, GET);
  }

  @Test
  void aReadBeforeThePutThatFailsSaysSoAndNothingElse() {
    ActionOutcome outcome = new S3BlockPublicAccess(time).execute(failing("getPublicAccessBlock", 1), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("s3:GetBucketPublicAccessBlock on slow-to-show failed: InternalError "
        + "(we are sorry)");
    assertThat(outcome.before()).isNull();
    assertThat(outcome.apiCalls()).containsExactly(GET);
  }

  @Test
  void aPutThatFailsSaysNothingWasChanged() {
    ActionOutcome outcome = new S3BlockPublicAccess(time).execute(failing("putPublicAccessBlock", 1), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("s3:PutBucketPublicAccessBlock on slow-to-show failed: InternalError "
        + "(we are sorry)");
    assertThat(outcome.before()).isEqualTo(ALL_OFF);
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT);
  }

  /** The PUT went through; the read-back after it failed: the result must not read as if nothing was changed. */
  @Test
  void aReadBackThatFailsAfterThePutSaysTheChangeWasMade() {
    ActionOutcome outcome = new S3BlockPublicAccess(time).execute(failing("getPublicAccessBlock", 2), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("s3:GetBucketPublicAccessBlock on slow-to-show failed after the change "
        + "was made (turn on BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets): "
        + "InternalError (we are sorry)");
    assertThat(outcome.before()).isEqualTo(ALL_OFF);
    assertThat(outcome.apiCalls()).containsExactly(GET, PUT, GET);
  }

  /**
   * A session whose bucket has no Block Public Access settings until a PUT, and whose reads after the PUT still answer
   * so for the first {@code staleReadBacks} of them.
   */
  private static AwsSession staleFor(int staleReadBacks) {
    return fake(staleReadBacks, "", 0);
  }

  /** A session as {@link #staleFor}(0) whose {@code failingAt}th call of {@code call} S3 answers with an error. */
  private static AwsSession failing(String call, int failingAt) {
    return fake(0, call, failingAt);
  }

  private static AwsSession fake(int staleReadBacks, String failing, int failingAt) {
    int[] readsAfterPut = {-1};
    int[] failingCalls = {0};
    S3Client s3 = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, arguments) -> {
          if (method.getName().equals(failing) && ++failingCalls[0] == failingAt) {
            throw S3Exception.builder().statusCode(500).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("InternalError").errorMessage("we are sorry").build()).build();
          }
          return switch (method.getName()) {
            case "close" -> null;
            case "serviceName" -> S3Client.SERVICE_NAME;
            case "putPublicAccessBlock" -> {
              readsAfterPut[0] = 0;
              yield PutPublicAccessBlockResponse.builder().build();
            }
            case "getPublicAccessBlock" -> {
              if (readsAfterPut[0] < 0 || readsAfterPut[0]++ < staleReadBacks) {
                throw S3Exception.builder().statusCode(404).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("NoSuchPublicAccessBlockConfiguration").errorMessage("none").build()).build();
              }
              yield GetPublicAccessBlockResponse.builder().publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                  .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)).build();
            }
            default -> throw new AssertionError("unexpected call " + method.getName());
          };
        });
    return S3Sessions.answeringWith(s3, MotoCloud.ACCOUNT);
  }
}
