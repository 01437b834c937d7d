package io.redress.topology.steps;

import io.redress.exceptions.ExceptionScope;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scopes the exceptions store holds an exception under, by {@linkplain ExceptionScope#matchingKey matching key},
 * kept beside the store by {@link IndexExceptions}, its only writer. A finding has nine and more candidate keys per
 * control ({@link ExceptionScope#candidateKeys}), each a prefix scan of the store, and nearly all of them hold
 * nothing: {@link ExceptionCheck} scans only those named here.
 *
 * <p>Written by the global thread, read by the stream threads. It never names fewer scopes than the store holds: a key
 * is added before its exception is stored, and removed only after the last exception stored under its matching key
 * is deleted. A reader trusts it only while it counts as many exceptions as the store holds, so a store filled any
 * other way has every candidate key scanned, as if there were no index.
 */
public final class IndexedScopes {

  /** Matching key to the keys its exceptions were published under (two may differ in a control's case). */
  private final Map<String, Set<String>> published = new ConcurrentHashMap<>();
  private final AtomicLong count = new AtomicLong();

  /** Before an exception published under {@code publishedKey} is stored. */
  void storing(String publishedKey) {
    published.compute(ExceptionScope.matchingKey(publishedKey), (matching, keys) -> {
      Set<String> kept = keys == null ? ConcurrentHashMap.newKeySet() : keys;
      if (kept.add(publishedKey)) {
        count.incrementAndGet();
      }
      return kept;
    });
  }

  /** After the exception published under {@code publishedKey}, if there was one, is deleted from the store. */
  void deleted(String publishedKey) {
    published.computeIfPresent(ExceptionScope.matchingKey(publishedKey), (matching, keys) -> {
      if (keys.remove(publishedKey)) {
        count.decrementAndGet();
      }
      return keys.isEmpty() ? null : keys;
    });
  }

  /** Whether the store may hold an exception under {@code matchingKey}, when it holds {@code stored} exceptions. */
  boolean mayHold(String matchingKey, long stored) {
    return stored != count.get() || published.containsKey(matchingKey);
  }

  /** Whether the store holds no exception at all, when it counts {@code stored} of them. */
  boolean empty(long stored) {
    return stored == 0 && count.get() == 0;
  }
}
