package io.redress.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.redress.config.ConfigException;
import io.redress.config.ConfigLoader;
import io.redress.config.HttpSettings;
import io.redress.config.RedressConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code http} section: listening, limits, and webhook sources whose secrets never show. */
class HttpSettingsTest {

  private static final String SECRET = "a-long-enough-hmac-secret-7f3a";
  private static final String API_KEY = "a-long-enough-api-key-91c2";

  @Test
  void withoutAnHttpSectionTheRoleListensOnLoopbackWithNoSources() {
    HttpSettings http = ConfigLoader.defaults(Map.of()).http();

    assertThat(http.bind()).isEqualTo("127.0.0.1");
    assertThat(http.port()).isEqualTo(8080);
    assertThat(http.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(http.replayWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(http.ackTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(http.sources()).isEmpty();
    assertThat(http.managementPort()).as("probes and /metrics beside the webhooks").isEmpty();
  }

  @Test
  void aManagementPortOfItsOwnIsTakenAndTheWebhookPortIsRefusedForIt() {
    assertThat(ConfigLoader.defaults(Map.of("REDRESS_HTTP_MANAGEMENT_PORT", "8081")).http().managementPort())
        .contains(8081);
    assertThat(ConfigLoader.fromYaml("http: {port: 0, management-port: 0}", Map.of()).http().managementPort())
        .as("two free ports, for tests").contains(0);
    assertThatThrownBy(() -> ConfigLoader.fromYaml("http: {port: 9000, management-port: 9000}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.management-port: the same as port (9000)");
    assertThatThrownBy(() -> ConfigLoader.fromYaml("http: {management-port: 65536}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.management-port: must be from 0 to 65535, got 65536");
  }

  @Test
  void aSourceDeclaredInTheFileTakesItsSecretFromTheEnvironment() {
    RedressConfig config = ConfigLoader.fromYaml("""
        http:
          sources:
            prowler: {}
            eventbridge: {api-key-header: X-Api-Key}
        """, Map.of(
        "REDRESS_HTTP_SOURCES_PROWLER_HMAC_SECRET", SECRET,
        "REDRESS_HTTP_SOURCES_EVENTBRIDGE_API_KEY", API_KEY));

    assertThat(config.http().source("prowler").orElseThrow().hmacSecret()).contains(SECRET);
    HttpSettings.WebhookSource eventBridge = config.http().source("eventbridge").orElseThrow();
    assertThat(eventBridge.apiKey()).contains(API_KEY);
    assertThat(eventBridge.apiKeyHeader()).isEqualTo("X-Api-Key");
  }

  @Test
  void aSourceCanComeFromTheEnvironmentAlone() {
    HttpSettings http = ConfigLoader.defaults(Map.of("REDRESS_HTTP_SOURCES_PROWLER_HMAC_SECRET", SECRET)).http();

    assertThat(http.source("prowler").orElseThrow().hmacSecret()).contains(SECRET);
  }

  @Test
  void aSourceNeedsExactlyOneOfSecretAndKeyWhenTheRoleStarts() {
    assertThat(secretErrorFor("http: {sources: {prowler: {}}}", Map.of()))
        .isEqualTo("http.sources.prowler: set exactly one of hmac-secret and api-key (best as"
            + " REDRESS_HTTP_SOURCES_PROWLER_HMAC_SECRET or REDRESS_HTTP_SOURCES_PROWLER_API_KEY)");
    assertThat(secretErrorFor("http: {sources: {prowler: {hmac-secret: " + SECRET + ", api-key: " + API_KEY + "}}}",
        Map.of()))
        .startsWith("http.sources.prowler: set exactly one of hmac-secret and api-key")
        .doesNotContain(SECRET).doesNotContain(API_KEY);
  }

  @Test
  void aShortSecretIsRefusedWithoutBeingRepeated() {
    String error = secretErrorFor("", Map.of("REDRESS_HTTP_SOURCES_PROWLER_HMAC_SECRET", "hunter2-short"));

    assertThat(error).isEqualTo("http.sources.prowler.hmac-secret: too short: at least 16 characters (set in the"
        + " file or in REDRESS_HTTP_SOURCES_PROWLER_HMAC_SECRET)").doesNotContain("hunter2");
  }

  @Test
  void aFileWhoseSourcesLackTheirSecretsLoadsForTheCommandsThatDoNotServeWebhooks() {
    HttpSettings http = ConfigLoader.fromYaml("http: {sources: {prowler: {}, eventbridge: {api-key: short}}}",
        Map.of()).http();

    assertThat(http.sources()).containsOnlyKeys("prowler", "eventbridge");
  }

  @Test
  void sourcesWithTheirSecretsPassTheRolesCheck() {
    HttpSettings http = ConfigLoader.fromYaml("http: {sources: {prowler: {}, eventbridge: {api-key: " + API_KEY
        + "}}}", Map.of("REDRESS_HTTP_SOURCES_PROWLER_HMAC_SECRET", SECRET)).http();

    assertThatCode(http::requireSecrets).doesNotThrowAnyException();
  }

  @Test
  void aSourceNameMustBeAPlainPathSegment() {
    assertThat(errorFor("http: {sources: {\"Prowler/x\": {hmac-secret: " + SECRET + "}}}"))
        .isEqualTo("http.sources.Prowler/x: not a source name: lower-case letters, digits and '-', at most 63 "
            + "characters");
  }

  @Test
  void limitsAreCheckedAtTheirBoundaries() {
    assertThat(ConfigLoader.fromYaml("http: {max-body-bytes: 1024, port: 0}", Map.of()).http().maxBodyBytes())
        .isEqualTo(1024);
    assertThat(errorFor("http: {max-body-bytes: 1023}"))
        .isEqualTo("http.max-body-bytes: must be from 1024 to 16777216, got 1023");
    assertThat(errorFor("http: {port: 65536}")).isEqualTo("http.port: must be from 0 to 65535, got 65536");
    assertThat(errorFor("http: {replay-window: PT9S}"))
        .isEqualTo("http.replay-window: must be from PT10S to PT1H, got PT9S");
  }

  @Test
  void eachLimitTakesBothItsEndsAndNothingBeyond() {
    HttpSettings lowest = ConfigLoader.fromYaml(
        "http: {port: 0, max-body-bytes: 1024, replay-window: PT10S, ack-timeout: PT1S}", Map.of()).http();
    HttpSettings highest = ConfigLoader.fromYaml(
        "http: {port: 65535, max-body-bytes: 16777216, replay-window: PT1H, ack-timeout: PT1M}", Map.of()).http();

    assertThat(List.of(lowest.port(), lowest.maxBodyBytes(), highest.port(), highest.maxBodyBytes()))
        .containsExactly(0, 1024, 65535, 16_777_216);
    assertThat(List.of(lowest.replayWindow(), lowest.ackTimeout(), highest.replayWindow(), highest.ackTimeout()))
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMinutes(1));
    assertThat(errorFor("http: {port: -1}")).isEqualTo("http.port: must be from 0 to 65535, got -1");
    assertThat(errorFor("http: {max-body-bytes: 16777217}"))
        .isEqualTo("http.max-body-bytes: must be from 1024 to 16777216, got 16777217");
    assertThat(errorFor("http: {replay-window: PT1H0.001S}"))
        .isEqualTo("http.replay-window: must be from PT10S to PT1H, got PT1H0.001S");
    assertThat(errorFor("http: {ack-timeout: PT0.999S}"))
        .isEqualTo("http.ack-timeout: must be from PT1S to PT1M, got PT0.999S");
    assertThat(errorFor("http: {ack-timeout: PT1M0.001S}"))
        .isEqualTo("http.ack-timeout: must be from PT1S to PT1M, got PT1M0.001S");
  }

  @Test
  void theConfigurationPrintedWholeHidesEverySecret() {
    RedressConfig config = ConfigLoader.fromYaml("""
        http:
          sources:
            prowler: {hmac-secret: %s}
            eventbridge: {api-key: %s}
        """.formatted(SECRET, API_KEY), Map.of());

    assertThat(config.toString()).contains("prowler").contains("(hidden)")
        .doesNotContain(SECRET).doesNotContain(API_KEY);
  }

  @Test
  void anUnknownKeyInASourceNamesTheKeysItTakes() {
    assertThat(errorFor("http: {sources: {prowler: {secret: " + SECRET + "}}}"))
        .isEqualTo("http.sources.prowler.secret: unknown key; expected one of [hmac-secret, api-key, "
            + "api-key-header]");
  }

  /** What the http role's check of the secrets says of a file that loads. */
  private static String secretErrorFor(String yaml, Map<String, String> environment) {
    Throwable thrown = catchThrowable(ConfigLoader.fromYaml(yaml, environment).http()::requireSecrets);
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
  }

  private static String errorFor(String yaml) {
    return errorFor(yaml, Map.of());
  }

  private static String errorFor(String yaml, Map<String, String> environment) {
    assertThatThrownBy(() -> ConfigLoader.fromYaml(yaml, environment)).isInstanceOf(ConfigException.class);
    try {
      ConfigLoader.fromYaml(yaml, environment);
      return "";
    } catch (ConfigException e) {
      return e.getMessage();
    }
  }

  @Test
  void anEmptySecretCountsAsNone() {
    assertThat(new HttpSettings.WebhookSource(Optional.of(""), Optional.of(API_KEY), null).hmacSecret()).isEmpty();
  }
}
