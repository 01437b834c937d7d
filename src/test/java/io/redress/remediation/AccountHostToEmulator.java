package io.redress.remediation;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * S3 Control puts the account id in the host name ({@code 123456789012.localhost}), which does not resolve here;
 * moto finds the account in the request's header and the operation in its path, so the host is set back before
 * the request is signed. Tested at this HTTP boundary: moto's answers are the S3 Control API's own.
 */
final class AccountHostToEmulator implements ExecutionInterceptor {
  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    return request.host().matches("\\d{12}\\..+")
        ? request.toBuilder().host(request.host().substring(13)).build()
        : request;
  }
}
