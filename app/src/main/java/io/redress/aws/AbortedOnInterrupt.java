package io.redress.aws;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP client whose requests end soon after the thread waiting for them is interrupted, as the executor's stop
 * interrupts the commands still in hand.
 *
 * <p>A thread blocked reading a socket does not notice an interrupt, so a request to an endpoint that accepts and never
 * answers runs to the SDK's attempt timeout. The SDK ends that attempt by interrupting the thread itself, then clears
 * the flag (and the stop's interrupt with it) and tries again: the stop would wait out every attempt, up to the call
 * timeout, and the command would end as if AWS had failed it. Aborting the request closes its connection at once
 * instead; the flag stays set, the SDK's back-off before a retry is cut short by it, and the caller sees the call was
 * stopped ({@code AbortedException}, the thread still interrupted).
 *
 * <p>Made through {@link AwsHttp}.
 */
final class AbortedOnInterrupt implements SdkHttpClient {

  /** How often a thread waiting for a response is checked for an interrupt: small beside a stop's seconds. */
  private static final Duration CHECK = Duration.ofMillis(200);
  /** The requests waiting for their response, each with the thread that waits. */
  private static final Map<ExecutableHttpRequest, Thread> WAITING = new ConcurrentHashMap<>();

  static {
    // One thread for every client of the process, checking every waiting request at once rather than scheduling a
    // check per request: the notifier's clients are made per region and channel and never closed one by one.
    Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "redress-aws-interrupts");
      thread.setDaemon(true);
      return thread;
    }).scheduleWithFixedDelay(AbortedOnInterrupt::abortInterrupted, CHECK.toMillis(), CHECK.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private final SdkHttpClient http;

  AbortedOnInterrupt(SdkHttpClient http) {
    this.http = http;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    ExecutableHttpRequest prepared = http.prepareRequest(request);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        WAITING.put(prepared, Thread.currentThread());
        try {
          return prepared.call();
        } finally {
          WAITING.remove(prepared);
        }
      }

      @Override
      public void abort() {
        prepared.abort();
      }
    };
  }

  private static void abortInterrupted() {
    WAITING.forEach((request, caller) -> {
      if (caller.isInterrupted()) {
        try {
          request.abort();
        } catch (RuntimeException e) {
          // An abort that fails leaves the request to its attempt timeout; the sweep must go on for the others.
        }
      }
    });
  }

  @Override
  public String clientName() {
    return http.clientName();
  }

  @Override
  public void close() {
    http.close();
  }
}
