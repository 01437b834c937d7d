package io.redress.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The http role: where it listens and which webhook sources it accepts findings from.
 *
 * @param bind the address to listen on ({@code 0.0.0.0} for every interface)
 * @param port 0 picks a free port (for tests)
 * @param managementPort where the probes and {@code /metrics} are served apart from the webhooks and the console,
 *     so that whoever may reach a webhook (an ingress, a load balancer) reaches nothing else; empty serves all of
 *     them on {@code port}; 0 picks a free port (for tests)
 * @param maxBodyBytes the largest webhook body accepted; a larger one is refused with 413
 * @param replayWindow how far a signed request's timestamp may be from now, either way; a signature is remembered
 *     this long so that it cannot be used twice
 * @param ackTimeout the longest a webhook waits for Kafka to acknowledge a finding before answering 503
 * @param sources by the name in {@code POST /findings/{source}}
 * @param console the web console, off unless enabled
 */
public record HttpSettings(
    String bind, int port, Optional<Integer> managementPort, int maxBodyBytes, Duration replayWindow,
    Duration ackTimeout, Map<String, WebhookSource> sources, ConsoleSettings console) {

  public HttpSettings {
    if (bind == null || bind.isBlank()) {
      throw new ConfigException("bind", "must not be blank");
    }
    within("port", port, 0, 65535);
    managementPort = managementPort != null ? managementPort : Optional.empty();
    if (managementPort.isPresent()) {
      within("management-port", managementPort.get(), 0, 65535);
      if (managementPort.get() == port && port != 0) {
        throw new ConfigException("management-port", "the same as port (" + port + "): leave it out to serve the"
            + " probes and /metrics beside the webhooks, or give it a port of its own");
      }
    }
    within("max-body-bytes", maxBodyBytes, 1024, 16 * 1024 * 1024);
    within("replay-window", replayWindow, Duration.ofSeconds(10), Duration.ofHours(1));
    within("ack-timeout", ackTimeout, Duration.ofSeconds(1), Duration.ofMinutes(1));
    sources = byName(sources);
    console = console != null ? console : ConsoleSettings.off();
    console.check("console");
  }

  /**
   * Checks the secrets the http role needs, as it starts: every webhook source's, and every operator's token when
   * the console is on. Loading a file does not check them, so a command that needs none of them ({@code ./redress
   * breaker status}) runs against a deployment's file without them in its environment.
   *
   * @throws ConfigException naming the key and its variable, never the value
   */
  public void requireSecrets() {
    sources.forEach((name, source) -> source.requireSecret("http.sources." + name));
    if (console.enabled()) {
      console.requireTokens("http.console");
    }
  }

  @JsonCreator
  static HttpSettings bind(
      @JsonProperty("bind") String bind,
      @JsonProperty("port") Integer port,
      @JsonProperty("management-port") Integer managementPort,
      @JsonProperty("max-body-bytes") Integer maxBodyBytes,
      @JsonProperty("replay-window") Duration replayWindow,
      @JsonProperty("ack-timeout") Duration ackTimeout,
      @JsonProperty("sources") Map<String, WebhookSource> sources,
      @JsonProperty("console") ConsoleSettings console) {
    return new HttpSettings(bind != null ? bind : "127.0.0.1", port != null ? port : 8080,
        Optional.ofNullable(managementPort),
        maxBodyBytes != null ? maxBodyBytes : 1024 * 1024,
        replayWindow != null ? replayWindow : Duration.ofMinutes(5),
        ackTimeout != null ? ackTimeout : Duration.ofSeconds(5),
        sources != null ? sources : Map.of(), console);
  }

  static HttpSettings defaults() {
    return bind(null, null, null, null, null, null, null, null);
  }

  public Optional<WebhookSource> source(String name) {
    return Optional.ofNullable(sources.get(name));
  }

  private static Map<String, WebhookSource> byName(Map<String, WebhookSource> sources) {
    Map<String, WebhookSource> byName = new TreeMap<>();
    sources.forEach((name, source) -> {
      if (!SourceNames.isName(name)) {
        throw new ConfigException("sources." + name,
            "not a source name: " + SourceNames.RULE + (name.contains(".")
                ? "; '_' in a variable stands for '.', so name the source without '-' ("
                    + name.replace(".", "") + "), or declare " + name.replace('.', '-') + " in the file (sources: {"
                    + name.replace('.', '-') + ": {}}) before a variable sets its secret" : ""));
      }
      if (source == null) {
        throw new ConfigException("sources." + name, "missing; set hmac-secret or api-key");
      }
      source.check("sources." + name);
      byName.put(name, source);
    });
    return Collections.unmodifiableMap(byName);
  }

  /**
   * How one webhook source proves who it is: an HMAC-SHA256 signature over the timestamp and body, or an API key in
   * a header (what EventBridge API destinations send). Exactly one of the two. Neither secret is ever part of a
   * message: {@link #toString()} hides them and a problem names the key, never the value.
   */
  public record WebhookSource(Optional<String> hmacSecret, Optional<String> apiKey, String apiKeyHeader) {
    static final int SHORTEST_SECRET = 16;

    public WebhookSource {
      hmacSecret = hmacSecret != null ? hmacSecret.filter(s -> !s.isEmpty()) : Optional.empty();
      apiKey = apiKey != null ? apiKey.filter(s -> !s.isEmpty()) : Optional.empty();
      apiKeyHeader = apiKeyHeader != null ? apiKeyHeader : "X-Redress-Api-Key";
    }

    /**
     * Checked by the section holding the sources, not here: Jackson reports a misspelled key only after the record
     * is built, and a check here would hide that key.
     */
    void check(String key) {
      if (!apiKeyHeader.matches("[A-Za-z0-9-]{1,64}")) {
        throw new ConfigException(key + ".api-key-header", "not an HTTP header name: letters, digits and '-'");
      }
    }

    /** See {@link HttpSettings#requireSecrets()}; {@code key} is the source's full key path. */
    void requireSecret(String key) {
      if (hmacSecret.isPresent() == apiKey.isPresent()) {
        throw new ConfigException(key, "set exactly one of hmac-secret and api-key (best as "
            + EnvironmentOverrides.variableOf(key + ".hmac-secret") + " or "
            + EnvironmentOverrides.variableOf(key + ".api-key") + ")");
      }
      tooShort(key + ".hmac-secret", hmacSecret);
      tooShort(key + ".api-key", apiKey);
    }

    @JsonCreator
    static WebhookSource bind(
        @JsonProperty("hmac-secret") Optional<String> hmacSecret,
        @JsonProperty("api-key") Optional<String> apiKey,
        @JsonProperty("api-key-header") String apiKeyHeader) {
      return new WebhookSource(hmacSecret, apiKey, apiKeyHeader);
    }

    private static void tooShort(String key, Optional<String> secret) {
      if (secret.isPresent() && secret.get().length() < SHORTEST_SECRET) {
        throw new ConfigException(key, "too short: at least " + SHORTEST_SECRET + " characters (set in the file or"
            + " in " + EnvironmentOverrides.variableOf(key) + ")");
      }
    }

    @Override
    public String toString() {
      return hmacSecret.isPresent() ? "WebhookSource[hmac-secret=(hidden)]"
          : "WebhookSource[api-key=(hidden), api-key-header=" + apiKeyHeader + "]";
    }
  }

  private static void within(String key, int value, int least, int most) {
    if (value < least || value > most) {
      throw new ConfigException(key, "must be from " + least + " to " + most + ", got " + value);
    }
  }

  private static void within(String key, Duration value, Duration least, Duration most) {
    if (value.compareTo(least) < 0 || value.compareTo(most) > 0) {
      throw new ConfigException(key, "must be from " + least + " to " + most + ", got " + value);
    }
  }
}
