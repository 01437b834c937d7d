package io.redress.connectors.sqs;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How the task waits out a back-off: cut short when Connect stops the task, so a stop never waits a minute. */
interface Pause {

  void await(Duration duration) throws InterruptedException;

  void stop();

  final class UntilStopped implements Pause {
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public void await(Duration duration) throws InterruptedException {
      stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
      stopped.countDown();
    }
  }
}
