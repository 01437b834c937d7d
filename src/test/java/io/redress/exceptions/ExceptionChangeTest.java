package io.redress.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.ExceptionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExceptionChangeTest {

  private static final Instant BEFORE = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Instant EXPIRY = Instant.parse("2027-01-31T00:00:00Z");

  private static ExceptionRequest request(String scope, String reason) {
    return new ExceptionRequest(ScopeSyntax.parse(scope), reason, "ciso", EXPIRY, null);
  }

  private static Map<String, ExceptionRequest> file(ExceptionRequest... requests) {
    Map<String, ExceptionRequest> byKey = new LinkedHashMap<>();
    for (ExceptionRequest request : requests) {
      byKey.put(request.key(), request);
    }
    return byKey;
  }

  private static ExceptionTopic.Published decodable(Map<String, ExceptionRecord> published) {
    return new ExceptionTopic.Published(published, Set.of());
  }

  @Test
  void aRecordThisVersionCannotDecodeIsRevokedUnlessTheFileListsItsScopeWhichReplacesIt() {
    ExceptionRequest listed = request("control=S3.8", "accepted");
    ExceptionTopic.Published published = new ExceptionTopic.Published(Map.of(),
        Set.of(listed.key(), "account=111122223333"));

    List<ExceptionChange> changes = ExceptionChange.between(published, file(listed), "bob", NOW);

    assertThat(changes).hasSize(2);
    assertThat(changes.get(0)).isInstanceOfSatisfying(ExceptionChange.Add.class,
        add -> assertThat(add.key()).isEqualTo(listed.key()));
    assertThat(changes.get(1)).isInstanceOfSatisfying(ExceptionChange.Revoke.class, revoke -> {
      assertThat(revoke.key()).isEqualTo("account=111122223333");
      assertThat(revoke.before()).isNull();
    });
  }

  @Test
  void anUnchangedExceptionIsLeftAloneWithItsCreator() {
    ExceptionRequest kept = request("control=S3.8", "accepted");
    Map<String, ExceptionRecord> published = Map.of(kept.key(), kept.toRecord("alice", BEFORE));

    assertThat(ExceptionChange.between(decodable(published), file(kept), "bob", NOW)).isEmpty();
  }

  @Test
  void aNewScopeIsAddedAChangedOneUpdatedAndAnUnlistedOneRevoked() {
    ExceptionRequest changed = request("control=S3.8", "accepted");
    ExceptionRequest gone = request("account=111122223333", "sandbox");
    ExceptionRequest added = request("region=eu-west-1", "lab region");
    Map<String, ExceptionRecord> published = new LinkedHashMap<>();
    published.put(changed.key(), changed.toRecord("alice", BEFORE));
    published.put(gone.key(), gone.toRecord("alice", BEFORE));

    List<ExceptionChange> changes = ExceptionChange.between(decodable(published),
        file(request("control=S3.8", "accepted, renewed"), added), "bob", NOW);

    assertThat(changes).hasSize(3);
    assertThat(changes.get(0)).isInstanceOfSatisfying(ExceptionChange.Update.class, update -> {
      assertThat(update.published().getReason()).isEqualTo("accepted, renewed");
      assertThat(update.published().getCreatedBy()).isEqualTo("bob");
      assertThat(update.published().getCreatedAt()).isEqualTo(NOW);
    });
    assertThat(changes.get(1)).isInstanceOfSatisfying(ExceptionChange.Add.class,
        add -> assertThat(add.key()).isEqualTo("region=eu-west-1"));
    assertThat(changes.get(2)).isInstanceOfSatisfying(ExceptionChange.Revoke.class, revoke -> {
      assertThat(revoke.key()).isEqualTo("account=111122223333");
      assertThat(revoke.published()).isNull();
    });
  }

  @Test
  void aNewExpiryIsAChange() {
    ExceptionRequest kept = request("control=S3.8", "accepted");
    Map<String, ExceptionRecord> published = Map.of(kept.key(), kept.toRecord("alice", BEFORE));
    ExceptionRequest renewed = new ExceptionRequest(kept.scope(), "accepted", "ciso", EXPIRY.plus(Duration.ofDays(1)), null);

    assertThat(ExceptionChange.between(decodable(published), file(renewed), "bob", NOW))
        .singleElement().isInstanceOf(ExceptionChange.Update.class);
  }

  @Test
  void anEmptyFileRevokesEverything() {
    ExceptionRequest one = request("control=S3.8", "accepted");
    assertThat(ExceptionChange.between(decodable(Map.of(one.key(), one.toRecord("alice", BEFORE))), Map.of(), "bob",
        NOW))
        .singleElement().isInstanceOf(ExceptionChange.Revoke.class);
  }
}
