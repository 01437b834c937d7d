package io.redress.http.console;

import io.redress.config.ConsoleSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is signed in to the console. A sign-in checks an operator's token and opens a session: a random id (the
 * cookie) and a random CSRF token of its own, which every form carries and every POST must return. Sessions live
 * in memory only: a restart signs everyone out, which is the safe side.
 */
final class Sessions {

  /** Sessions kept at most; beyond it the oldest sign-in is dropped, so a flood of sign-ins cannot fill memory. */
  static final int MOST = 1_000;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] NO_TOKEN = digest("no operator of that name");

  private final ConsoleSettings settings;
  private final Clock clock;
  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Map<String, Flash> flashes = new ConcurrentHashMap<>();

  Sessions(ConsoleSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** A signed-in operator: the name recorded with what they do, and the token their forms carry. */
  public record Session(String id, String operator, String csrf, Instant expiresAt) {
  }

  /** What the last action did, shown once on the next page: {@code info} or {@code error}. */
  public record Flash(String kind, String text) {
  }

  /**
   * Opens a session when {@code token} is the operator's; empty for an unknown operator or a wrong token alike.
   * Both are compared in constant time, as digests, so neither the token's length nor its content leaks.
   */
  Optional<Session> signIn(String operator, String token) {
    String name = operator == null ? "" : operator.strip();
    byte[] expected = settings.operator(name).flatMap(ConsoleSettings.Operator::token)
        .map(Sessions::digest).orElse(NO_TOKEN);
    boolean matches = MessageDigest.isEqual(expected, digest(token == null ? "" : token));
    if (!matches || settings.operator(name).isEmpty()) {
      return Optional.empty();
    }
    dropExpired();
    if (byId.size() >= MOST) {
      byId.values().stream().min(Comparator.comparing(Session::expiresAt))
          .ifPresent(this::signOut);
    }
    Session session = new Session(random(), name, random(), clock.instant().plus(settings.sessionTimeout()));
    byId.put(session.id(), session);
    return Optional.of(session);
  }

  /** The session a cookie names, if it exists and has not expired. */
  Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session session = byId.get(id);
    if (session == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(session.expiresAt())) {
      signOut(session);
      return Optional.empty();
    }
    return Optional.of(session);
  }

  void signOut(Session session) {
    byId.remove(session.id());
    flashes.remove(session.id());
  }

  void flash(Session session, Flash flash) {
    if (byId.containsKey(session.id())) {
      flashes.put(session.id(), flash);
    }
  }

  /** The flash for the session's next page, once. */
  Optional<Flash> takeFlash(Session session) {
    return Optional.ofNullable(flashes.remove(session.id()));
  }

  /** Whether a form's CSRF token is the session's, compared in constant time. */
  static boolean carriesToken(Session session, String csrf) {
    return csrf != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
        csrf.getBytes(StandardCharsets.UTF_8));
  }

  private void dropExpired() {
    Instant now = clock.instant();
    byId.values().stream().filter(session -> !now.isBefore(session.expiresAt())).toList().forEach(this::signOut);
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
