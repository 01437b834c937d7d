package io.redress.http;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers the signatures of accepted signed requests for as long as their timestamp is inside the replay window,
 * so a captured request cannot be sent again. A signature is reserved while its request is handled and released if
 * Kafka did not take the finding, so the sender may retry the very same request.
 *
 * <p>A request signed at {@code signedAt} is inside its window while {@code now < signedAt + window}, and its
 * signature is forgotten only once {@code now} is strictly later than that, so there is no instant at which a request
 * is both inside its window and forgotten. The window is judged here, with the same reading of the clock as the
 * reservation: a check made earlier (before the body arrived, say) cannot vouch for a request whose body is sent
 * slowly enough to outlast both the window and the memory of its signature.
 *
 * <p>Memory is bounded: when {@code capacity} signatures are remembered and none has expired, new signed requests
 * are turned away until one does, rather than forgetting a signature that could then be replayed. Only requests
 * with a valid signature get here, so only a source's own sender can fill it.
 */
final class ReplayGuard {

  enum Outcome { FRESH, EXPIRED, REPLAYED, FULL }

  private record Expiry(Instant at, String key) {
  }

  private final Duration window;
  private final int capacity;
  private final Map<String, Instant> forgetAt = new HashMap<>();
  private final PriorityQueue<Expiry> expiries = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));

  ReplayGuard(Duration window, int capacity) {
    this.window = window;
    this.capacity = capacity;
  }

  /**
   * Records the signature of a request signed at {@code signedAt}, unless its window has passed by {@code now}, it
   * was seen before or memory is full.
   */
  synchronized Outcome reserve(String source, String signature, Instant signedAt, Instant now) {
    forgetExpired(now);
    Instant until = signedAt.plus(window);
    if (!now.isBefore(until)) {
      return Outcome.EXPIRED;
    }
    String key = source + " " + signature;
    if (forgetAt.containsKey(key)) {
      return Outcome.REPLAYED;
    }
    if (forgetAt.size() >= capacity) {
      return Outcome.FULL;
    }
    forgetAt.put(key, until);
    expiries.add(new Expiry(until, key));
    return Outcome.FRESH;
  }

  /** Forgets a reserved signature whose request was not accepted after all. */
  synchronized void release(String source, String signature) {
    forgetAt.remove(source + " " + signature);
  }

  synchronized int remembered() {
    return forgetAt.size();
  }

  private void forgetExpired(Instant now) {
    while (!expiries.isEmpty() && expiries.peek().at().isBefore(now)) {
      Expiry expired = expiries.poll();
      // A released and re-reserved signature has a newer expiry of its own; leave that one.
      forgetAt.remove(expired.key(), expired.at());
    }
  }
}
