package io.redress.topology.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.testing.AdmissionStores;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a restart or a move to another instance gives the breaker back: its counts rebuilt from the admissions
 * store, as the changelog restores it, in the format of this version and in the one earlier versions wrote.
 */
class StoredAdmissionsTest {

  private static final long WINDOW = Duration.ofMinutes(5).toMillis();

  private final WindowStore<String, String> store = AdmissionStores.open(Duration.ofMillis(WINDOW));

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void countsRebuiltFromTheStoreEqualThoseRecordedInEveryScope() {
    StoredAdmissions admissions = StoredAdmissions.restored(store, WINDOW);
    admissions.record(List.of("global", "account:111122223333", "control:S3.8"), "command-a", 10_000);
    admissions.record(List.of("global", "account:111122223333", "control:S3.2"), "command-b", 20_000);
    admissions.record(List.of("global", "account:222233334444", "control:S3.8"), "command-c", 30_000);

    StoredAdmissions restored = StoredAdmissions.restored(store, WINDOW);

    for (StoredAdmissions counts : List.of(admissions, restored)) {
      assertThat(counts.countSince("global", 0)).isEqualTo(3);
      assertThat(counts.countSince("global", 20_000)).isEqualTo(2);
      assertThat(counts.countSince("account:111122223333", 0)).isEqualTo(2);
      assertThat(counts.countSince("account:222233334444", 0)).isEqualTo(1);
      assertThat(counts.countSince("control:S3.8", 0)).isEqualTo(2);
      assertThat(counts.countSince("control:S3.2", 20_001)).isZero();
    }
  }

  @Test
  void theSameCommandAdmittedTwiceCountsTwiceAfterARestartToo() {
    StoredAdmissions admissions = StoredAdmissions.restored(store, WINDOW);
    admissions.record(List.of("global"), "command-a", 10_000);
    admissions.record(List.of("global"), "command-a", 10_000);

    assertThat(StoredAdmissions.restored(store, WINDOW).countSince("global", 0)).isEqualTo(2);
  }

  @Test
  void admissionsAnEarlierVersionKeptOncePerScopeAreStillCountedAfterAnUpgrade() {
    store.put("global", "command-old", 10_000);
    store.put("account:111122223333", "command-old", 10_000);
    store.put("control:S3.8", "command-old", 10_000);
    StoredAdmissions.restored(store, WINDOW)
        .record(List.of("global", "account:111122223333", "control:S3.2"), "command-new", 20_000);

    StoredAdmissions upgraded = StoredAdmissions.restored(store, WINDOW);

    assertThat(upgraded.countSince("global", 0)).isEqualTo(2);
    assertThat(upgraded.countSince("account:111122223333", 0)).isEqualTo(2);
    assertThat(upgraded.countSince("control:S3.8", 0)).isEqualTo(1);
    assertThat(upgraded.countSince("control:S3.2", 0)).isEqualTo(1);
  }

  @Test
  void theLatestAdmissionTimeComesBackWithTheCountsSoALaggingCommandIsStillCountedAtIt() {
    StoredAdmissions admissions = StoredAdmissions.restored(store, WINDOW);
    assertThat(admissions.latest()).as("nothing admitted yet").isEqualTo(-1);
    admissions.record(List.of("global"), "command-a", 30_000);
    admissions.record(List.of("global"), "command-b", 20_000);

    assertThat(admissions.latest()).isEqualTo(30_000);
    assertThat(StoredAdmissions.restored(store, WINDOW).latest()).isEqualTo(30_000);
  }

  @Test
  void scopeNamesFromFindingsSurviveTheStoreWhateverTheyHold() {
    List<String> hostile =
        List.of("global", "account:12:34", "control:S3.8\n7:global", "control:", "control:\u00e9\u0000");

    assertThat(StoredAdmissions.scopes(StoredAdmissions.value(hostile))).isEqualTo(hostile);
  }
}
