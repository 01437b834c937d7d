package io.redress.remediation;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Runs {@code meanwhile} just before the executor's requests of one type go out, for as many of them as asked: what
 * someone else does to a resource between Redress's read and its change, or a failure AWS could answer.
 */
final class BeforeRequest implements ExecutionInterceptor {

  private final Class<?> request;
  private final Runnable meanwhile;
  private final AtomicInteger left;

  private BeforeRequest(Class<?> request, int times, Runnable meanwhile) {
    this.request = request;
    this.meanwhile = meanwhile;
    this.left = new AtomicInteger(times);
  }

  /** Before the first request of type {@code request} only. */
  static BeforeRequest first(Class<?> request, Runnable meanwhile) {
    return new BeforeRequest(request, 1, meanwhile);
  }

  /** Before every request of type {@code request}. */
  static BeforeRequest every(Class<?> request, Runnable meanwhile) {
    return new BeforeRequest(request, Integer.MAX_VALUE, meanwhile);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (request.isInstance(context.request()) && left.getAndDecrement() > 0) {
      meanwhile.run();
    }
  }
}
