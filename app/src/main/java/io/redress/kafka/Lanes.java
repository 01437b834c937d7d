package io.redress.kafka;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Handles the records of one poll by a {@link Concurrency}: the records of one key form a chain handled in offset
 * order; chains run side by side on a fixed pool, and each record holds a permit of its lane while it is handled.
 * Sequential, it handles the records on the caller's thread in the order given.
 */
final class Lanes<T> implements AutoCloseable {

  /** A decoded record waiting to be handled, at its place in the poll. */
  record Item<T>(int index, ConsumerRecord<byte[], byte[]> record, T value) {
  }

  /** Handles one item; false when the loop is closing, so the rest of its chain is left for the next owner. */
  @FunctionalInterface
  interface Step<T> {
    boolean handle(Item<T> item);
  }

  private final Concurrency<T> concurrency;
  private final ExecutorService pool;
  /** The threads handling a record now: {@link #interrupt()} reaches them only while they do. */
  private final Set<Thread> handling = new HashSet<>();

  Lanes(String stage, Concurrency<T> concurrency) {
    this.concurrency = concurrency;
    AtomicInteger threads = new AtomicInteger();
    this.pool = concurrency.isSequential() ? null : Executors.newFixedThreadPool(concurrency.threads(), work -> {
      Thread thread = new Thread(work, "redress-" + stage + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Returns once every item is handled, or its chain stopped. */
  void run(List<Item<T>> items, Step<T> step) {
    if (pool == null) {
      for (Item<T> item : items) {
        if (!handle(step, item)) {
          return;
        }
      }
      return;
    }
    // One poll's lanes: every permit is back when its chains are done, and a lane named by a region a finding invented
    // must not be kept for the life of the loop.
    Map<String, Semaphore> lanes = new ConcurrentHashMap<>();
    List<Callable<Void>> chains = byKey(items).stream().map(chain -> (Callable<Void>) () -> {
      runChain(chain, step, lanes);
      return null;
    }).toList();
    try {
      for (Future<Void> chain : pool.invokeAll(chains)) {
        try {
          chain.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private void runChain(List<Item<T>> chain, Step<T> step, Map<String, Semaphore> lanes)
      throws InterruptedException {
    for (Item<T> item : chain) {
      Semaphore lane = lanes.computeIfAbsent(laneOf(item), name -> new Semaphore(concurrency.perLane()));
      lane.acquire();
      try {
        if (!handle(step, item)) {
          return;
        }
      } finally {
        lane.release();
      }
    }
  }

  private boolean handle(Step<T> step, Item<T> item) {
    synchronized (handling) {
      handling.add(Thread.currentThread());
    }
    try {
      return step.handle(item);
    } finally {
      synchronized (handling) {
        handling.remove(Thread.currentThread());
        // An interrupt was meant for this record alone: the thread goes on to commit the poll (sequential) or to
        // acquire its chain's next lane, neither of which may see it.
        Thread.interrupted();
      }
    }
  }

  /**
   * Interrupts the records being handled, for a loop that stops and cannot wait for them: what an action waits on
   * (AWS to show its change, a pause between tries) ends, and the action reports what it had done so far. A call
   * blocked on a socket ends only at its own timeout.
   */
  void interrupt() {
    synchronized (handling) {
      handling.forEach(Thread::interrupt);
    }
  }

  private String laneOf(Item<T> item) {
    try {
      return String.valueOf(concurrency.lane().apply(item.value()));
    } catch (RuntimeException e) {
      return ""; // a record too broken to name its lane is still handled, and turned into its dead letter there
    }
  }

  /** Chains in the order of their first record; a record without a key is a chain of its own. */
  private static <T> List<List<Item<T>>> byKey(List<Item<T>> items) {
    Map<Object, List<Item<T>>> chains = new LinkedHashMap<>();
    for (Item<T> item : items) {
      byte[] key = item.record().key();
      Object chain = key == null ? item : List.of(item.record().partition(), ByteBuffer.wrap(key));
      chains.computeIfAbsent(chain, any -> new ArrayList<>()).add(item);
    }
    return List.copyOf(chains.values());
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
