package io.redress.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.operations.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExceptionRequestTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Duration MAX = Duration.ofDays(90);
  private static final ExceptionScope SCOPE = ScopeSyntax.parse("control=S3.8;resource=arn:aws:s3:::acme-site");

  private static ExceptionRequest request(String reason, String approver, Instant expires) {
    return new ExceptionRequest(SCOPE, reason, approver, expires, null);
  }

  @Test
  void relativeExpiriesCountFromNow() {
    assertThat(ExceptionRequest.expiry("30d", NOW)).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(ExceptionRequest.expiry("12h", NOW)).isEqualTo(NOW.plus(Duration.ofHours(12)));
    assertThat(ExceptionRequest.expiry("2w", NOW)).isEqualTo(NOW.plus(Duration.ofDays(14)));
  }

  @Test
  void aDateMeansItsFirstMomentInUtc() {
    assertThat(ExceptionRequest.expiry("2027-01-31", NOW)).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
    assertThat(ExceptionRequest.expiry("2027-01-31T18:00:00Z", NOW)).isEqualTo(Instant.parse("2027-01-31T18:00:00Z"));
  }

  @Test
  void anUnreadableExpiryNamesTheFormsAccepted() {
    assertThatThrownBy(() -> ExceptionRequest.expiry("next month", NOW)).isInstanceOf(InvalidInput.class)
        .hasMessageContaining("'next month' is not a duration like 30d");
  }

  @Test
  void aReasonIsRequired() {
    assertThatThrownBy(() -> request("  ", "ciso@example.com", NOW.plus(Duration.ofDays(1))))
        .isInstanceOf(InvalidInput.class).hasMessage("reason: required; say why the risk is accepted");
  }

  @Test
  void anApproverIsRequired() {
    assertThatThrownBy(() -> request("public website", null, NOW.plus(Duration.ofDays(1))))
        .isInstanceOf(InvalidInput.class).hasMessage("approver: required; say who approved the exception");
  }

  @Test
  void aReasonOfTheMaximumLengthIsAcceptedAndOneCharacterMoreRefused() {
    Instant tomorrow = NOW.plus(Duration.ofDays(1));
    assertThat(request("r".repeat(1024), "ciso", tomorrow).reason()).hasSize(1024);
    assertThatThrownBy(() -> request("r".repeat(1025), "ciso", tomorrow)).isInstanceOf(InvalidInput.class)
        .hasMessage("reason: at most 1024 characters, got 1025");
  }

  @Test
  void aBlankTicketIsNoTicket() {
    assertThat(new ExceptionRequest(SCOPE, "public website", "ciso", NOW.plus(Duration.ofDays(1)), "  ").ticket())
        .isNull();
    assertThat(new ExceptionRequest(SCOPE, "public website", "ciso", NOW.plus(Duration.ofDays(1)), " SEC-1 ").ticket())
        .isEqualTo("SEC-1");
  }

  @Test
  void theMaximumExpiryItselfIsAccepted() {
    assertThat(request("public website", "ciso", NOW.plus(MAX)).within(NOW, MAX).expiresAt()).isEqualTo(NOW.plus(MAX));
  }

  @Test
  void anExpiryOneMillisecondBeyondTheMaximumIsRefused() {
    assertThatThrownBy(() -> request("public website", "ciso", NOW.plus(MAX).plusMillis(1)).within(NOW, MAX))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("beyond the maximum of 90 days from now").hasMessageContaining("exceptions.max-expiry");
  }

  @Test
  void anExpiryThatIsNotInTheFutureIsRefused() {
    assertThatThrownBy(() -> request("public website", "ciso", NOW).within(NOW, MAX))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("is not in the future");
  }

  @Test
  void theRecordCarriesTheScopeUnderItsOwnKey() {
    var record = request("public website", "ciso", NOW.plus(Duration.ofDays(1))).toRecord("alice", NOW);
    assertThat(ExceptionScope.of(record.getScope()).key()).isEqualTo(SCOPE.key());
    assertThat(record.getCreatedBy()).isEqualTo("alice");
  }
}
