package io.redress.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.redress.config.ConfigException;
import io.redress.config.ConfigLoader;
import io.redress.config.ConsoleSettings;
import io.redress.config.HttpSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code http.console}: off unless enabled, and then only for named operators with long tokens. */
class ConsoleSettingsTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @Test
  void withoutAConsoleSectionTheConsoleIsOff() {
    ConsoleSettings console = ConfigLoader.defaults(Map.of()).http().console();

    assertThat(console.enabled()).isFalse();
    assertThat(console.operators()).isEmpty();
    assertThat(console.sessionTimeout()).isEqualTo(Duration.ofHours(8));
    assertThat(console.recentDecisions()).isEqualTo(500);
  }

  @Test
  void anOperatorsTokenComesFromTheEnvironmentAndNeverShows() {
    ConsoleSettings console = ConfigLoader.fromYaml("http: {console: {enabled: true, operators: {alice: {}}}}",
        Map.of("REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_TOKEN", TOKEN)).http().console();

    assertThat(console.operator("alice").orElseThrow().token()).contains(TOKEN);
    assertThat(console.toString()).doesNotContain(TOKEN);
  }

  @Test
  void anEnabledConsoleWithoutOperatorsIsAConfigurationError() {
    assertThat(errorFor("http: {console: {enabled: true}}", Map.of()))
        .startsWith("http.console.operators: the console is enabled but nobody can sign in");
  }

  @Test
  void aTokenShorterThan32CharactersIsRefusedWhenTheConsoleStartsWithoutBeingQuoted() {
    String error = tokenErrorFor("http: {console: {enabled: true, operators: {alice: {}}}}",
        Map.of("REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_TOKEN", TOKEN.substring(1)));

    assertThat(error).startsWith("http.console.operators.alice.token: too short: at least 32")
        .endsWith("best set as REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_TOKEN")
        .doesNotContain(TOKEN.substring(1));
  }

  @Test
  void anOperatorWithoutATokenIsRefusedWhenTheConsoleStartsNamingItsVariable() {
    assertThat(tokenErrorFor("http: {console: {enabled: true, operators: {bob-ops: {}}}}", Map.of()))
        .startsWith("http.console.operators.bob-ops.token: missing")
        .contains("REDRESS_HTTP_CONSOLE_OPERATORS_BOB_OPS_TOKEN");
  }

  @Test
  void aFileWhoseOperatorsLackTheirTokensLoadsForTheCommandsThatDoNotServeTheConsole() {
    ConsoleSettings console = ConfigLoader.fromYaml("http: {console: {enabled: true, operators: {alice: {}}}}",
        Map.of()).http().console();

    assertThat(console.operator("alice").orElseThrow().token()).isEmpty();
  }

  @Test
  void theTokensOfAConsoleThatIsOffAreNotRequired() {
    HttpSettings http = ConfigLoader.fromYaml("http: {console: {operators: {alice: {}}}}", Map.of()).http();

    assertThatCode(http::requireSecrets).doesNotThrowAnyException();
  }

  @Test
  void anOperatorNameWithSpacesOrCapitalsIsRefused() {
    assertThat(errorFor("http: {console: {operators: {\"Alice Smith\": {token: " + TOKEN + "}}}}", Map.of()))
        .startsWith("http.console.operators.Alice Smith: not an operator name");
  }

  @Test
  void theRecentDecisionsKeptAreBounded() {
    assertThat(errorFor("http: {console: {recent-decisions: 1000000}}", Map.of()))
        .isEqualTo("http.console.recent-decisions: must be from 10 to 100000, got 1000000");
  }

  @Test
  void theSessionTimeoutAndRecentDecisionsTakeBothTheirEndsAndNothingBeyond() {
    ConfigLoader.fromYaml("http: {console: {session-timeout: PT5M, recent-decisions: 10}}", Map.of());
    ConfigLoader.fromYaml("http: {console: {session-timeout: P7D, recent-decisions: 100000}}", Map.of());

    assertThat(errorFor("http: {console: {session-timeout: PT4M59S}}", Map.of()))
        .isEqualTo("http.console.session-timeout: must be from PT5M to P7D, got PT4M59S");
    assertThat(errorFor("http: {console: {session-timeout: PT168H1S}}", Map.of()))
        .isEqualTo("http.console.session-timeout: must be from PT5M to P7D, got PT168H1S");
    assertThat(errorFor("http: {console: {recent-decisions: 9}}", Map.of()))
        .isEqualTo("http.console.recent-decisions: must be from 10 to 100000, got 9");
    assertThat(errorFor("http: {console: {recent-decisions: 100001}}", Map.of()))
        .isEqualTo("http.console.recent-decisions: must be from 10 to 100000, got 100001");
  }

  @Test
  void aMisspelledKeyIsNamedRatherThanHiddenBehindTheMissingOperators() {
    assertThat(errorFor("http: {console: {enabled: true, operator: {alice: {token: " + TOKEN + "}}}}", Map.of()))
        .contains("operator");
  }

  /** What the http role's check of the secrets says of a file that loads. */
  private static String tokenErrorFor(String yaml, Map<String, String> environment) {
    Throwable thrown = catchThrowable(ConfigLoader.fromYaml(yaml, environment).http()::requireSecrets);
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
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
}
