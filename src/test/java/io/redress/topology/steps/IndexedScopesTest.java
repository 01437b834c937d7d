package io.redress.topology.steps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The scopes beside the exceptions store: a candidate key is skipped only when the index and the store agree on how
 * many exceptions there are and the index names no exception under that key. Every other case scans, as if there
 * were no index.
 */
class IndexedScopesTest {

  private static final String ACCOUNT_S3_8 = "account=111122223333;control=S3.8";
  private final IndexedScopes scopes = new IndexedScopes();

  @Test
  void anEmptyStoreWithNothingIndexedIsEmptyAndOnlyThen() {
    assertThat(scopes.empty(0)).isTrue();
    assertThat(scopes.empty(1)).as("a store filled some other way").isFalse();

    scopes.storing(ACCOUNT_S3_8);

    assertThat(scopes.empty(0)).as("indexed, not yet stored").isFalse();
    assertThat(scopes.empty(1)).isFalse();
  }

  @Test
  void onlyTheMatchingKeysOfStoredExceptionsMayHoldOne() {
    scopes.storing("account=111122223333;control=s3.8");

    assertThat(scopes.mayHold(ACCOUNT_S3_8, 1)).isTrue();
    assertThat(scopes.mayHold("account=111122223333", 1)).isFalse();
    assertThat(scopes.mayHold("account=111122223333;control=s3.8", 1)).as("not a matching key").isFalse();
  }

  @Test
  void everyKeyMayHoldOneWhileTheStoreCountsOtherwiseThanTheIndex() {
    scopes.storing(ACCOUNT_S3_8);

    assertThat(scopes.mayHold("account=111122223333", 2)).as("stored some other way").isTrue();
    assertThat(scopes.mayHold("account=111122223333", 0)).as("indexed before it is stored").isTrue();
    assertThat(scopes.mayHold("account=111122223333", 1)).isFalse();
  }

  @Test
  void anExceptionPublishedAgainUnderTheSameKeyIsCountedOnce() {
    scopes.storing(ACCOUNT_S3_8);
    scopes.storing(ACCOUNT_S3_8);

    assertThat(scopes.mayHold("account=111122223333", 1)).isFalse();
    scopes.deleted(ACCOUNT_S3_8);
    assertThat(scopes.empty(0)).isTrue();
  }

  @Test
  void deletingOneOfTwoKeysDifferingOnlyInTheControlsCaseKeepsTheOther() {
    scopes.storing("control=s3.8");
    scopes.storing("control=S3.8");

    scopes.deleted("control=s3.8");

    assertThat(scopes.mayHold("control=S3.8", 1)).isTrue();
    assertThat(scopes.mayHold("account=111122223333", 1)).isFalse();
    scopes.deleted("control=S3.8");
    assertThat(scopes.mayHold("control=S3.8", 0)).isFalse();
    assertThat(scopes.empty(0)).isTrue();
  }

  @Test
  void deletingAKeyNeverStoredChangesNothing() {
    scopes.storing(ACCOUNT_S3_8);

    scopes.deleted("control=S3.8");
    scopes.deleted("account=111122223333;control=s3.8");

    assertThat(scopes.mayHold(ACCOUNT_S3_8, 1)).isTrue();
    assertThat(scopes.mayHold("control=S3.8", 1)).isFalse();
  }
}
