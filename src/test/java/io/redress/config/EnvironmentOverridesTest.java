package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.config.RedressConfig.AccountRole;
import io.redress.contract.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** REDRESS_ + the key path in capitals, {@code .} and {@code -} as {@code _}: one rule for every key. */
class EnvironmentOverridesTest {

  private static final String ROLE = "arn:aws:iam::222233334444:role/redress-remediator";

  @Test
  void theSchemaHasTheseSingleValueKeys() {
    assertThat(singleValueKeys()).containsExactly(
        "kafka.bootstrap-servers", "kafka.application-id", "kafka.partitions", "kafka.stream-threads",
        "kafka.topic-prefix", "kafka.state-store-memory-mb",
        "controls.default-mode", "cooldown",
        "breaker.window", "breaker.open-for", "breaker.thresholds.global", "breaker.thresholds.account",
        "breaker.thresholds.control", "breaker.half-open-after", "breaker.half-open-trickle",
        "aws.region", "aws.endpoint", "aws.dry-run", "notifications.security-contact",
        "notifications.routes.default", "notifications.creator-tags", "notifications.email-domain",
        "notifications.digest.enabled", "notifications.digest.window", "notifications.digest.at-once",
        "notifications.address-tag", "notifications.recipient-domains",
        "ingest.max-record-bytes", "ingest.webhook-mappings", "exceptions.max-expiry", "http.bind", "http.port",
        "http.management-port", "http.max-body-bytes", "http.replay-window", "http.ack-timeout",
        "http.console.enabled", "http.console.session-timeout", "http.console.recent-decisions",
        "executor.concurrency", "executor.per-account-region", "audit.retention");
  }

  @Test
  void everySingleValueKeyIsSetByTheVariableTheRuleNames() {
    for (String key : singleValueKeys()) {
      String variable = "REDRESS_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      ObjectNode tree = JsonNodeFactory.instance.objectNode();

      EnvironmentOverrides.apply(ConfigLoader.SCHEMA, tree, Map.of(variable, "set-from-" + variable));

      JsonNode value = tree.at("/" + key.replace('.', '/'));
      assertThat(value.isArray() ? value.get(0).asText() : value.asText()).as(variable)
          .isEqualTo("set-from-" + variable);
    }
  }

  @Test
  void aWholeConfigurationCanComeFromTheEnvironment() {
    RedressConfig config = ConfigLoader.defaults(Map.of(
        "REDRESS_KAFKA_APPLICATION_ID", "redress-prod",
        "REDRESS_BREAKER_OPEN_FOR", "PT2H",
        "REDRESS_BREAKER_THRESHOLDS_CONTROL", "7",
        "REDRESS_AWS_ENDPOINT", "http://127.0.0.1:5000",
        "REDRESS_AWS_DRY_RUN", "yes",
        "REDRESS_NOTIFICATIONS_SECURITY_CONTACT", "soc@example.com",
        "REDRESS_INGEST_MAX_RECORD_BYTES", "4096"));

    assertThat(config.kafka().applicationId()).isEqualTo("redress-prod");
    assertThat(config.breaker().openFor()).isEqualTo(Duration.ofHours(2));
    assertThat(config.breaker().perControl()).isEqualTo(7);
    assertThat(config.aws().endpoint()).contains(URI.create("http://127.0.0.1:5000"));
    assertThat(config.aws().forceDryRun()).isTrue();
    assertThat(config.notifications().securityContact()).isEqualTo("soc@example.com");
    assertThat(config.ingest().maxRecordBytes()).isEqualTo(4096);
  }

  @Test
  void aControlsModeIsSetWithUnderscoresForTheDotsOfItsId() {
    RedressConfig config = ConfigLoader.defaults(Map.of("REDRESS_CONTROLS_S3_8_MODE", "auto"));

    assertThat(config.policy().modeOf("S3.8")).isEqualTo(Mode.AUTO);
    assertThat(config.policy().modeOf("S3.2")).isEqualTo(Mode.DRY_RUN);
  }

  @Test
  void aControlsModeOverridesTheFileWhateverTheCaseOfItsId() {
    RedressConfig config = ConfigLoader.fromYaml("controls: {CloudTrail.1: {mode: 'off'}}",
        Map.of("REDRESS_CONTROLS_CLOUDTRAIL_1_MODE", "notify-only"));

    assertThat(config.policy().controls()).hasSize(1);
    assertThat(config.policy().modeOf("CloudTrail.1")).isEqualTo(Mode.NOTIFY_ONLY);
  }

  @Test
  void anAccountRoleIsAddedFromTheEnvironment() {
    RedressConfig config = ConfigLoader.defaults(Map.of(
        "REDRESS_AWS_ACCOUNTS_222233334444_ROLE_ARN", ROLE,
        "REDRESS_AWS_ACCOUNTS_222233334444_EXTERNAL_ID", "redress"));

    assertThat(config.aws().configured()).isTrue();
    assertThat(config.aws().roles())
        .containsExactly(Map.entry("222233334444", new AccountRole(ROLE, Optional.of("redress"))));
  }

  @Test
  void anAccountRoleFromTheEnvironmentOverridesTheFile() {
    RedressConfig config = ConfigLoader.fromYaml("""
        aws:
          accounts:
            "222233334444": {role-arn: "arn:aws:iam::222233334444:role/old", external-id: kept}
        """, Map.of("REDRESS_AWS_ACCOUNTS_222233334444_ROLE_ARN", ROLE));

    assertThat(config.aws().roles().get("222233334444")).isEqualTo(new AccountRole(ROLE, Optional.of("kept")));
  }

  @Test
  void aKafkaPropertyIsNamedInLowerCaseWithDotsForUnderscores() {
    RedressConfig config = ConfigLoader.fromYaml("kafka: {properties: {security.protocol: SSL}}", Map.of(
        "REDRESS_KAFKA_BOOTSTRAP_SERVERS", "b-1.msk.example:9096",
        "REDRESS_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
        "REDRESS_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512"));

    assertThat(config.kafka().properties())
        .containsOnly(Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
  }

  @Test
  void aListIsSetFromTheEnvironmentAsItemsSeparatedByCommas() {
    RedressConfig config = ConfigLoader.defaults(Map.of(
        "REDRESS_NOTIFICATIONS_CREATOR_TAGS", "owner, team",
        "REDRESS_NOTIFICATIONS_CHANNELS_C_TYPE", "console",
        "REDRESS_NOTIFICATIONS_CHANNELS_D_TYPE", "console",
        "REDRESS_NOTIFICATIONS_ROUTES_DEFAULT", "c",
        "REDRESS_NOTIFICATIONS_ROUTES_CONTROLS_S3_8", "c,d",
        "REDRESS_CONTROLS_EC2_18_MODE", "auto",
        "REDRESS_CONTROLS_EC2_18_AUTHORIZED_TCP_PORTS", "22,443"));

    assertThat(config.notifications().creatorTags()).containsExactly("owner", "team");
    assertThat(config.notifications().routes().defaultChannels()).containsExactly("c");
    assertThat(config.notifications().routes().controls()).containsEntry("s3.8", List.of("c", "d"));
    assertThat(config.policy().parameters().authorizedTcpPorts()).containsExactlyInAnyOrder(22, 443);
    assertThat(config.policy().parameters().authorizedUdpPorts()).isEmpty();
  }

  /** An unset shell variable, an empty template value or an empty secret: a slip, never meant as a setting. */
  @ParameterizedTest
  @ValueSource(strings = {"", " ", ",", " , "})
  void aVariableSetButEmptyIsRefusedRatherThanReplacingTheFilesValue(String empty) {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("kafka: {bootstrap-servers: 'b-1.example:9098'}",
        Map.of("REDRESS_KAFKA_BOOTSTRAP_SERVERS", empty)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("REDRESS_KAFKA_BOOTSTRAP_SERVERS: set but empty; unset it to keep the file's value (or the"
            + " default)");
    assertThatThrownBy(() -> ConfigLoader.fromYaml(
        "notifications: {email-domain: example.com, recipient-domains: [example.com]}",
        Map.of("REDRESS_NOTIFICATIONS_RECIPIENT_DOMAINS", empty)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("REDRESS_NOTIFICATIONS_RECIPIENT_DOMAINS: set but empty");
  }

  @Test
  void theVariablesOfTheImageBuildAndTheBenchAreNoConfigurationKeys() {
    assertThat(ConfigLoader.defaults(Map.of("REDRESS_IMAGE", "registry.example.com/redress:0.1.0",
        "REDRESS_BENCH_TOOLS", "/tmp/tools")).kafka().bootstrapServers()).isEmpty();
  }

  @Test
  void anItemOfAListFromTheEnvironmentIsCheckedLikeTheFilesAndNamesTheVariable() {
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of(
        "REDRESS_CONTROLS_EC2_18_MODE", "auto", "REDRESS_CONTROLS_EC2_18_AUTHORIZED_TCP_PORTS", "22,ssh")))
        .hasMessageContaining("(from REDRESS_CONTROLS_EC2_18_AUTHORIZED_TCP_PORTS)")
        .hasMessageContaining("'ssh' is not a whole number");
  }

  @Test
  void aSourceWithAHyphenFromAVariableAloneIsRefusedSayingToDeclareItInTheFile() {
    assertThatThrownBy(() -> ConfigLoader.defaults(
        Map.of("REDRESS_HTTP_SOURCES_SECURITY_HUB_HMAC_SECRET", "0123456789abcdef0123456789abcdef")))
        .hasMessage("http.sources.security.hub (from REDRESS_HTTP_SOURCES_SECURITY_HUB_HMAC_SECRET): not a source"
            + " name: lower-case letters, digits and '-', at most 63 characters; '_' in a variable stands for '.',"
            + " so name the source without '-' (securityhub), or declare security-hub in the file (sources:"
            + " {security-hub: {}}) before a variable sets its secret");
    RedressConfig declared = ConfigLoader.fromYaml("http: {sources: {security-hub: {}}}",
        Map.of("REDRESS_HTTP_SOURCES_SECURITY_HUB_HMAC_SECRET", "0123456789abcdef0123456789abcdef"));
    assertThat(declared.http().source("security-hub").orElseThrow().hmacSecret()).isPresent();
  }

  @Test
  void anOperatorWhoseNameHasAnAtSignTakesTheTokenOfTheVariableItsErrorNames() {
    String yaml = "http: {console: {enabled: true, operators: {'alice@example.com': {}}}}";
    assertThatThrownBy(() -> ConfigLoader.fromYaml(yaml, Map.of()).http().requireSecrets())
        .hasMessageContaining("best set as REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_EXAMPLE_COM_TOKEN");

    RedressConfig config = ConfigLoader.fromYaml(yaml,
        Map.of("REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_EXAMPLE_COM_TOKEN", "0123456789abcdef0123456789abcdef"));

    assertThat(config.http().console().operators()).containsOnlyKeys("alice@example.com");
    assertThatCode(config.http()::requireSecrets).doesNotThrowAnyException();
  }

  @Test
  void aVariableThatMatchesNoKeyIsRefusedByName() {
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("REDRESS_BREAKER_TRESHOLD", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("REDRESS_BREAKER_TRESHOLD: matches no configuration key");
  }

  @Test
  void aVariableNamingAWholeSectionMatchesNoKey() {
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("REDRESS_BREAKER_THRESHOLDS", "5")))
        .hasMessage("REDRESS_BREAKER_THRESHOLDS: matches no configuration key");
  }

  @Test
  void theLaunchersOwnVariablesAndOtherProgramsVariablesAreLeftAlone() {
    RedressConfig config = ConfigLoader.defaults(Map.of(
        "REDRESS_JAVA_OPTS", "-Xmx1g",
        "REDRESS_MOTO_SERVER", "/opt/moto/bin/moto_server",
        "REDRESS_LOG_FORMAT", "json",
        "KAFKA_HEAP_OPTS", "-Xmx1g"));

    assertThat(config).isEqualTo(ConfigLoader.defaults(Map.of()));
  }

  @Test
  void aBadValueFromTheEnvironmentNamesTheKeyAndTheVariable() {
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("REDRESS_BREAKER_THRESHOLDS_GLOBAL", "0")))
        .hasMessage("breaker.thresholds.global (from REDRESS_BREAKER_THRESHOLDS_GLOBAL): must be at least 1, got 0");
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("REDRESS_CONTROLS_S3_8_MODE", "yolo")))
        .hasMessage("controls.s3.8.mode (from REDRESS_CONTROLS_S3_8_MODE): "
            + "'yolo' is not a mode; one of auto, dry-run, approve, notify-only, off");
  }

  @Test
  void aBadMapKeyFromTheEnvironmentNamesTheVariable() {
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("REDRESS_AWS_ACCOUNTS_1234_ROLE_ARN", ROLE)))
        .hasMessage("aws.accounts.1234 (from REDRESS_AWS_ACCOUNTS_1234_ROLE_ARN): not a twelve-digit account id");
  }

  @Test
  void onlyAnAwsVariableEnablesAwsAccess() {
    assertThat(ConfigLoader.defaults(Map.of("REDRESS_KAFKA_APPLICATION_ID", "x")).aws().configured()).isFalse();
    assertThat(ConfigLoader.defaults(Map.of("REDRESS_AWS_REGION", "eu-west-1")).aws().configured()).isTrue();
  }

  /** The keys holding one value, found by walking the records as the binding sees them. */
  private static List<String> singleValueKeys() {
    List<String> keys = new ArrayList<>();
    collect(ConfigLoader.SCHEMA.root(), "", keys);
    return keys;
  }

  private static void collect(JavaType section, String prefix, List<String> keys) {
    ConfigLoader.SCHEMA.keys(section).forEach((name, held) -> {
      if (ConfigSchema.isSection(held)) {
        collect(held, prefix + name + ".", keys);
      } else if (ConfigSchema.isValue(held)) {
        keys.add(prefix + name);
      }
    });
  }
}
