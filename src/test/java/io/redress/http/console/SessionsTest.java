package io.redress.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.ConsoleSettings;
import io.redress.http.console.Sessions.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signing in to the console: who gets a session, for how long, and what a form must carry. */
class SessionsTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef-alice";
  private static final ConsoleSettings SETTINGS = ConfigLoader.fromYaml(
      "http: {console: {enabled: true, session-timeout: PT1H, operators: {alice: {}}}}",
      Map.of("REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_TOKEN", TOKEN)).http().console();

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T06:00:00Z"));
  private final Sessions sessions = new Sessions(SETTINGS, clock);

  @Test
  void onlyTheOperatorsOwnTokenOpensASession() {
    assertThat(sessions.signIn("alice", TOKEN)).hasValueSatisfying(session ->
        assertThat(session.operator()).isEqualTo("alice"));
    assertThat(sessions.signIn("alice", TOKEN.substring(1))).isEmpty();
    assertThat(sessions.signIn("alice", "")).isEmpty();
    assertThat(sessions.signIn("mallory", TOKEN)).isEmpty();
    assertThat(sessions.signIn(null, null)).isEmpty();
  }

  @Test
  void aSessionEndsWhenItsTimeIsUp() {
    Session session = sessions.signIn("alice", TOKEN).orElseThrow();

    clock.advance(Duration.ofMinutes(59));
    assertThat(sessions.find(session.id())).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(sessions.find(session.id())).isEmpty();
  }

  @Test
  void eachSignInGetsItsOwnIdAndCsrfToken() {
    Session first = sessions.signIn("alice", TOKEN).orElseThrow();
    Session second = sessions.signIn("alice", TOKEN).orElseThrow();

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.csrf()).isNotEqualTo(first.csrf()).isNotEqualTo(second.id());
    assertThat(Sessions.carriesToken(first, first.csrf())).isTrue();
    assertThat(Sessions.carriesToken(first, second.csrf())).isFalse();
    assertThat(Sessions.carriesToken(first, null)).isFalse();
  }

  @Test
  void aSignedOutSessionIsGone() {
    Session session = sessions.signIn("alice", TOKEN).orElseThrow();

    sessions.signOut(session);

    assertThat(sessions.find(session.id())).isEmpty();
  }

  @Test
  void theNumberOfSessionsIsCappedDroppingTheOldest() {
    Session oldest = sessions.signIn("alice", TOKEN).orElseThrow();
    for (int i = 1; i < Sessions.MOST; i++) {
      clock.advance(Duration.ofMillis(1));
      sessions.signIn("alice", TOKEN).orElseThrow();
    }
    Session newest = sessions.signIn("alice", TOKEN).orElseThrow();

    assertThat(sessions.find(oldest.id())).isEmpty();
    assertThat(sessions.find(newest.id())).isPresent();
  }

  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
