package io.redress.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.testing.AdmissionStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

/**
 * The breaker's counts, held against what they replace: reading every admission of the window back from the
 * Kafka Streams window store that keeps them. Any drift between the two (an admission forgotten too early or too
 * late, a count reaching too far back) changes which command is held, so the two must agree on every count, over
 * admissions arriving out of time order from several partitions, and after a restart rebuilds the counts from the
 * store.
 */
class AdmissionWindowTest {

  private static final long WINDOW = Duration.ofMinutes(5).toMillis();
  private static final List<String> SCOPES = List.of("global", "account:111122223333", "account:222233334444",
      "control:S3.8", "control:S3.2");

  @Test
  void countsEqualAScanOfTheWindowStoreOverRandomOutOfOrderAdmissions() {
    for (int seed = 0; seed < 40; seed++) {
      replay(new Random(seed), false);
    }
  }

  @Test
  void countsRebuiltFromTheStoreAfterARestartEqualAScanOfIt() {
    for (int seed = 0; seed < 40; seed++) {
      replay(new Random(seed), true);
    }
  }

  @Test
  void anAdmissionOneWholeWindowBeforeTheLatestIsNotCounted() {
    AdmissionWindow counts = new AdmissionWindow(WINDOW);
    counts.record(List.of("global"), "late", 1_000);
    counts.record(List.of("global"), "latest", 1_000 + WINDOW);
    counts.record(List.of("global"), "too-old", 1_000);

    assertThat(counts.countSince("global", 0)).isEqualTo(1);
    assertThat(counts.countSince("global", 1_001)).isEqualTo(1);
  }

  @Test
  void anAdmissionJustInsideTheWindowOfTheLatestIsCountedEvenWhenItArrivesLate() {
    AdmissionWindow counts = new AdmissionWindow(WINDOW);
    counts.record(List.of("global"), "latest", 1_000 + WINDOW);
    counts.record(List.of("global"), "late", 1_001);

    assertThat(counts.countSince("global", 0)).isEqualTo(2);
    assertThat(counts.countSince("global", 1_002)).isEqualTo(1);
  }

  @Test
  void laterStampedAdmissionsAreCountedToo() {
    AdmissionWindow counts = new AdmissionWindow(WINDOW);
    counts.record(List.of("control:S3.8"), "a", 50_000);
    counts.record(List.of("control:S3.8"), "b", 40_000);

    assertThat(counts.countSince("control:S3.8", 30_000)).isEqualTo(2);
    assertThat(counts.countSince("control:S3.2", 30_000)).isZero();
  }

  /** Random admissions and counts, as the breaker makes them, applied to both; every count must agree. */
  private static void replay(Random random, boolean restartNowAndThen) {
    WindowStore<String, String> store = AdmissionStores.open(Duration.ofMillis(WINDOW));
    AdmissionWindow counts = new AdmissionWindow(WINDOW);
    // Whole seconds against a window of whole minutes, so admissions land exactly on the window's edges often.
    long clock = 1_000L * random.nextInt(1_000);
    int operations = 100 + random.nextInt(1_500);
    for (int i = 0; i < operations; i++) {
      clock += 1_000L * random.nextInt(random.nextBoolean() ? 2 : 40);
      long now = random.nextInt(4) == 0 ? Math.max(0, clock - 1_000L * random.nextInt(600)) : clock;
      String scope = SCOPES.get(random.nextInt(SCOPES.size()));
      long from = now - WINDOW + 1 - (random.nextInt(10) == 0 ? 1_000L * random.nextInt(300) : 0);
      assertThat(counts.countSince(scope, from))
          .as("count of %s since %d after %d operations (seed replay)", scope, from, i)
          .isEqualTo(scan(store, scope, from));
      if (random.nextInt(3) > 0) {
        store.put(scope, "command-" + i, now);
        counts.record(List.of(scope), "command-" + i, now);
      }
      if (restartNowAndThen && random.nextInt(100) == 0) {
        counts = rebuiltFrom(store);
      }
    }
    store.close();
  }

  /** What the breaker counted before: every admission of the scope read back from the store. */
  private static int scan(WindowStore<String, String> store, String scope, long from) {
    int count = 0;
    try (WindowStoreIterator<String> admitted =
        store.fetch(scope, Instant.ofEpochMilli(from), Instant.ofEpochMilli(Long.MAX_VALUE))) {
      while (admitted.hasNext()) {
        admitted.next();
        count++;
      }
    }
    return count;
  }

  /** As the breaker step rebuilds its counts at start: the store's admissions in the order it returns them. */
  private static AdmissionWindow rebuiltFrom(WindowStore<String, String> store) {
    AdmissionWindow counts = new AdmissionWindow(WINDOW);
    List<KeyValue<Windowed<String>, String>> all = new ArrayList<>();
    try (KeyValueIterator<Windowed<String>, String> admitted = store.all()) {
      admitted.forEachRemaining(all::add);
    }
    all.forEach(admission -> counts.record(List.of(admission.key.key()), admission.value,
        admission.key.window().start()));
    return counts;
  }
}
