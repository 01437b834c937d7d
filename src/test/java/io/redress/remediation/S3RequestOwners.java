package io.redress.remediation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records, for every S3 request as it is sent, the bucket owner it expects (its {@code x-amz-expected-bucket-owner}
 * header, or "none"). Moto ignores the header, so the tests check that Redress sends it rather than that S3 refuses
 * a bucket of another account.
 */
final class S3RequestOwners implements ExecutionInterceptor {

  private final List<String> owners = new CopyOnWriteArrayList<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if ("S3".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
      owners.add(context.httpRequest().firstMatchingHeader(AwsClients.EXPECTED_BUCKET_OWNER).orElse("none"));
    }
  }

  /** One entry per S3 request sent, in order. */
  List<String> expected() {
    return List.copyOf(owners);
  }
}
