package io.redress.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * AWS clients kept for reuse, at most {@code capacity} of them, the least recently used closed first. The regions
 * they are kept by come from findings, and a region nobody has heard of is still well formed (refusing regions the SDK
 * does not know would refuse real new ones): without a bound, a stream of invented regions would keep a client, and
 * the SDK's timeout threads with it, for each. A client evicted while a call elsewhere still uses it fails that call,
 * which takes more distinct regions in flight at once than the capacity.
 */
public final class BoundedClients<K, C extends AutoCloseable> implements AutoCloseable {

  private final LinkedHashMap<K, C> clients;

  public BoundedClients(int capacity) {
    this.clients = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, C> eldest) {
        if (size() <= capacity) {
          return false;
        }
        closeQuietly(eldest.getValue());
        return true;
      }
    };
  }

  /** The client kept for {@code key}, made by {@code make} when there is none. */
  public synchronized C get(K key, Function<? super K, ? extends C> make) {
    return clients.computeIfAbsent(key, make);
  }

  synchronized int size() {
    return clients.size();
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(BoundedClients::closeQuietly);
    clients.clear();
  }

  private static void closeQuietly(AutoCloseable client) {
    try {
      client.close();
    } catch (Exception ignored) {
      // Closing frees the client's threads; one that fails to close has nothing more to give back.
    }
  }
}
