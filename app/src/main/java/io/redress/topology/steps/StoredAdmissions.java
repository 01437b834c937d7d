package io.redress.topology.steps;

import io.redress.breaker.AdmissionWindow;
import io.redress.breaker.Admissions;
import io.redress.breaker.BreakerScope;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The breaker's admissions kept in a window store, which its changelog makes survive a crash, and counted in an
 * {@link AdmissionWindow} that mirrors it, so a count costs a lookup instead of a scan of the window.
 *
 * <p>Each admission is one entry, keyed by its command id, its scopes in the value: one store entry and one changelog
 * record per command, not one per scope. Earlier versions kept an entry per scope, keyed by the scope's name with the
 * command id as value; those still in the window when an instance is upgraded are read as they were written, so an
 * upgrade forgets no admission.
 */
final class StoredAdmissions implements Admissions {

  private final WindowStore<String, String> store;
  private final AdmissionWindow counts;

  private StoredAdmissions(WindowStore<String, String> store, AdmissionWindow counts) {
    this.store = store;
    this.counts = counts;
  }

  /**
   * Kafka Streams initializes a processor after restoring its stores, so after a crash or a move to another
   * instance the counts start from what the changelog holds, oldest first as the store returns them.
   */
  static StoredAdmissions restored(WindowStore<String, String> store, long windowMillis) {
    AdmissionWindow counts = new AdmissionWindow(windowMillis);
    try (KeyValueIterator<Windowed<String>, String> admitted = store.all()) {
      while (admitted.hasNext()) {
        KeyValue<Windowed<String>, String> admission = admitted.next();
        long at = admission.key.window().start();
        if (BreakerScope.isName(admission.key.key())) {
          counts.record(List.of(admission.key.key()), admission.value, at);
        } else {
          counts.record(scopes(admission.value), admission.key.key(), at);
        }
      }
    }
    return new StoredAdmissions(store, counts);
  }

  @Override
  public int countSince(String scope, long from) {
    return counts.countSince(scope, from);
  }

  @Override
  public long latest() {
    return counts.latest();
  }

  @Override
  public void record(List<String> scopes, String commandId, long at) {
    store.put(commandId, value(scopes), at);
    counts.record(scopes, commandId, at);
  }

  /** Each scope's name prefixed with its length and a colon: a name from a finding may hold any character. */
  static String value(List<String> scopes) {
    StringBuilder value = new StringBuilder();
    for (String scope : scopes) {
      value.append(scope.length()).append(':').append(scope);
    }
    return value.toString();
  }

  static List<String> scopes(String value) {
    List<String> scopes = new ArrayList<>();
    int at = 0;
    while (at < value.length()) {
      int colon = value.indexOf(':', at);
      int end = colon + 1 + Integer.parseInt(value, at, colon, 10);
      scopes.add(value.substring(colon + 1, end));
      at = end;
    }
    return scopes;
  }
}
