package io.redress.remediation;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How long a run gives AWS to show what it has just accepted. AWS's APIs are eventually consistent: SQS takes up to a
 * minute to apply most of a queue's attributes everywhere, S3 bucket settings and KMS keys take seconds (KMS may not
 * even find a key it has just made), so a read right after a change can still return the state before it. A run asks
 * again after pauses that grow from half a second, doubling up to eight, until the answer shows the change or the
 * patience is spent.
 *
 * <p>The wait is bounded so that the executor's poll still ends inside max.poll.interval.ms: a command starts within
 * a fifth of it, and a minute of patience with the calls' own timeouts ({@link io.redress.aws.AwsHttp#CALL_TIMEOUT}) fits in the
 * rest.
 *
 * @param patience how long after the first answer to keep asking; zero asks once
 * @param waiting the time the pauses are measured and slept in
 */
record Settling(Duration patience, Waiting waiting) {

  static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(8);

  /** The time a run waits in: the system's, or a test's that moves only when slept. */
  interface Waiting {

    Waiting SYSTEM = new Waiting() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      /**
       * The whole pause, never less: in whole milliseconds, the last pause before the deadline ends short of it, and
       * what is left of it, under a millisecond, is no sleep at all, so the state would be read again and again.
       */
      @Override
      public void sleep(Duration pause) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(pause.toNanos());
      }
    };

    long nanoTime();

    void sleep(Duration pause) throws InterruptedException;
  }

  /**
   * The last answer and how long was waited for it.
   *
   * @param interrupted true when the thread was interrupted while waiting: the wait stopped, the flag is kept
   */
  record Settled<T>(T answer, Duration waited, boolean interrupted) {
  }

  /** Asks {@code ask} until its answer is {@code shows}, or the patience is spent, or the thread is interrupted. */
  <T> Settled<T> until(Supplier<T> ask, Predicate<T> shows) {
    long start = waiting.nanoTime();
    long deadline = start + patience.toNanos();
    Duration pause = FIRST_PAUSE;
    T answer = ask.get();
    while (!shows.test(answer)) {
      long left = deadline - waiting.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        waiting.sleep(pause.toNanos() < left ? pause : Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Settled<>(answer, Duration.ofNanos(waiting.nanoTime() - start), true);
      }
      answer = ask.get();
      pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) < 0 ? pause.multipliedBy(2) : LONGEST_PAUSE;
    }
    return new Settled<>(answer, Duration.ofNanos(waiting.nanoTime() - start), false);
  }
}
