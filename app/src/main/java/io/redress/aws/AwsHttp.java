package io.redress.aws;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How every AWS client of Redress waits on AWS, the executor's and the notifier's alike: each call runs in a record
 * loop's poll, which must end inside max.poll.interval.ms, and is stopped by the loop's interrupt, which must end it
 * within seconds. An endpoint that accepts and never answers would otherwise hold the call for the HTTP client's read
 * timeout on every attempt, and the stop for as long.
 */
public final class AwsHttp {

  /** How long one attempt of a call may take. */
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(15);
  /** How long a call may take with its retries. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(45);

  private AwsHttp() {
  }

  /**
   * The HTTP client to name on a service client's builder. Named explicitly because some service artifacts also
   * bring the Apache and Netty clients, and the SDK refuses to choose between several on the classpath.
   */
  public static SdkHttpClient client() {
    return new AbortedOnInterrupt(UrlConnectionHttpClient.create());
  }

  /** Bounds each attempt and each call, on a builder's override configuration. */
  public static ClientOverrideConfiguration.Builder bounded(ClientOverrideConfiguration.Builder configuration) {
    return configuration.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT);
  }
}
