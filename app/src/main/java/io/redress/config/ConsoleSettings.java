package io.redress.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The web console ({@code http.console}): off unless enabled, and then only for named operators who each sign in
 * with a token of their own, so that every release, discard and exception records a person, not "the console".
 *
 * @param enabled serve the console under {@code /console}; nothing of it is served otherwise
 * @param operators by the name recorded as who released, discarded, approved or published
 * @param sessionTimeout how long a sign-in lasts, from the moment of signing in
 * @param recentDecisions how many of the latest decisions the console keeps in memory to show and filter
 */
public record ConsoleSettings(boolean enabled, Map<String, Operator> operators, Duration sessionTimeout,
    int recentDecisions) {

  static final int SHORTEST_TOKEN = 32;
  private static final Pattern OPERATOR_NAME = Pattern.compile("[a-z0-9][a-z0-9.@-]{0,62}");

  public ConsoleSettings {
    operators = operators != null ? Collections.unmodifiableMap(new TreeMap<>(operators)) : Map.of();
  }

  @JsonCreator
  static ConsoleSettings bind(
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("operators") Map<String, Operator> operators,
      @JsonProperty("session-timeout") Duration sessionTimeout,
      @JsonProperty("recent-decisions") Integer recentDecisions) {
    return new ConsoleSettings(enabled != null && enabled, operators,
        sessionTimeout != null ? sessionTimeout : Duration.ofHours(8),
        recentDecisions != null ? recentDecisions : 500);
  }

  static ConsoleSettings off() {
    return bind(null, null, null, null);
  }

  public Optional<Operator> operator(String name) {
    return Optional.ofNullable(operators.get(name));
  }

  /**
   * Checked by the section holding it, as webhook sources are, so that Jackson names a misspelled key first.
   *
   * @param key the path of this section below its holder
   */
  void check(String key) {
    if (sessionTimeout.compareTo(Duration.ofMinutes(5)) < 0 || sessionTimeout.compareTo(Duration.ofDays(7)) > 0) {
      throw new ConfigException(key + ".session-timeout", "must be from PT5M to P7D, got " + sessionTimeout);
    }
    if (recentDecisions < 10 || recentDecisions > 100_000) {
      throw new ConfigException(key + ".recent-decisions", "must be from 10 to 100000, got " + recentDecisions);
    }
    operators.forEach((name, operator) -> {
      if (!OPERATOR_NAME.matcher(name).matches()) {
        throw new ConfigException(key + ".operators." + name, "not an operator name: lower-case letters, digits,"
            + " '.', '@' and '-', at most 63 characters");
      }
    });
    if (enabled && operators.isEmpty()) {
      throw new ConfigException(key + ".operators", "the console is enabled but nobody can sign in; name at least"
          + " one operator, e.g. operators: {alice: {}} with REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_TOKEN set");
    }
  }

  /**
   * Checked by the http role that serves the console, not when the file is loaded (see
   * {@link HttpSettings#requireSecrets()}).
   *
   * @param key the full key path of this section
   */
  void requireTokens(String key) {
    operators.forEach((name, operator) -> {
      String tokenKey = key + ".operators." + name + ".token";
      String token = operator == null ? "" : operator.token().orElse("");
      if (token.length() < SHORTEST_TOKEN) {
        throw new ConfigException(tokenKey, (token.isEmpty() ? "missing" : "too short") + ": at least "
            + SHORTEST_TOKEN + " characters (e.g. from `openssl rand -hex 32`), best set as "
            + EnvironmentOverrides.variableOf(tokenKey));
      }
    });
  }

  /** One person who may sign in; the token never shows in a message or in {@link #toString()}. */
  public record Operator(Optional<String> token) {

    public Operator {
      token = token != null ? token.filter(value -> !value.isEmpty()) : Optional.empty();
    }

    @JsonCreator
    static Operator bind(@JsonProperty("token") Optional<String> token) {
      return new Operator(token);
    }

    @Override
    public String toString() {
      return "Operator[token=(hidden)]";
    }
  }
}
