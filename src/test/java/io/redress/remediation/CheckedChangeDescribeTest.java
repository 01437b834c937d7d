package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** How an AWS error reads in a result's message: the code first, so results can be searched for it. */
class CheckedChangeDescribeTest {

  @Test
  void anAnswerWithACodeAndAMessageGivesBoth() {
    assertThat(CheckedChange.describe(answer(400, "NoSuchBucket", "The specified bucket does not exist")))
        .isEqualTo("NoSuchBucket (The specified bucket does not exist)");
  }

  @Test
  void anAnswerWithACodeAndNoMessageGivesItsStatusInstead() {
    assertThat(CheckedChange.describe(answer(400, "AccessDeniedException", null)))
        .isEqualTo("AccessDeniedException (HTTP 400)");
    assertThat(CheckedChange.describe(answer(403, "AccessDenied", " "))).isEqualTo("AccessDenied (HTTP 403)");
  }

  @Test
  void anAnswerWithoutACodeIsDescribedByTheSdk() {
    AwsServiceException page = AwsServiceException.builder().statusCode(502).message("Bad Gateway")
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("S3").build()).build();
    assertThat(CheckedChange.describe(page)).startsWith("Bad Gateway (Service: S3, Status Code: 502");
    assertThat(CheckedChange.describe(SdkClientException.create("Unable to execute HTTP request: Connection refused")))
        .isEqualTo("Unable to execute HTTP request: Connection refused");
  }

  private static AwsServiceException answer(int status, String code, String message) {
    return AwsServiceException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }
}
