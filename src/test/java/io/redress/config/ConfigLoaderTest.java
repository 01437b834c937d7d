package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void withoutConfigurationEveryControlIsDryRunAndNoAwsIsUsed() {
    RedressConfig config = ConfigLoader.defaults(Map.of());

    assertThat(config.policy().modeOf("S3.8")).isEqualTo(Mode.DRY_RUN);
    assertThat(config.aws().configured()).isFalse();
    assertThat(config.kafka().bootstrapServers()).isEmpty();
  }

  @Test
  void controlModesAreReadPerControl() {
    RedressConfig config = ConfigLoader.fromYaml("""
        controls:
          default-mode: notify-only
          S3.8: {mode: auto}
          EC2.19: {mode: 'off'}
        """, Map.of());

    assertThat(config.policy().modeOf("S3.8")).isEqualTo(Mode.AUTO);
    assertThat(config.policy().modeOf("EC2.19")).isEqualTo(Mode.OFF);
    assertThat(config.policy().modeOf("IAM.4")).isEqualTo(Mode.NOTIFY_ONLY);
  }

  @Test
  void anUnknownModeIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("controls: {S3.8: {mode: yolo}}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("controls.S3.8.mode: 'yolo' is not a mode");
  }

  @Test
  void aMisspelledKeyIsRefusedRatherThanIgnored() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("breaker: {treshold: 5}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("breaker.treshold: unknown key");
  }

  @Test
  void aThresholdMustBeAPositiveWholeNumber() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("breaker: {thresholds: {global: 0}}", Map.of()))
        .hasMessageStartingWith("breaker.thresholds.global: must be at least 1");
    assertThatThrownBy(() -> ConfigLoader.fromYaml("breaker: {thresholds: {account: many}}", Map.of()))
        .hasMessageStartingWith("breaker.thresholds.account: 'many' is not a whole number");
  }

  @Test
  void aRoleMustBeAnIamRoleArnForATwelveDigitAccount() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("aws: {accounts: {'1234': {role-arn: x}}}", Map.of()))
        .hasMessageStartingWith("aws.accounts.1234: not a twelve-digit account id");
    assertThatThrownBy(() -> ConfigLoader.fromYaml(
        "aws: {accounts: {'111122223333': {role-arn: 'arn:aws:iam::111122223333:user/bob'}}}", Map.of()))
        .hasMessageStartingWith("aws.accounts.111122223333.role-arn: expected an IAM role ARN");
  }

  @Test
  void environmentVariablesOverrideTheFile() {
    RedressConfig config = ConfigLoader.fromYaml("""
        kafka: {bootstrap-servers: 'file:9092'}
        cooldown: PT1H
        """, Map.of("REDRESS_KAFKA_BOOTSTRAP_SERVERS", "b-1.msk.example:9098", "REDRESS_COOLDOWN", "PT6H"));

    assertThat(config.kafka().bootstrapServers()).contains("b-1.msk.example:9098");
    assertThat(config.cooldown()).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void kafkaClientPropertiesPassThroughToEveryClient() {
    RedressConfig config = ConfigLoader.fromYaml("""
        kafka:
          bootstrap-servers: b-1.msk.example:9096
          properties:
            security.protocol: SASL_SSL
            sasl.mechanism: SCRAM-SHA-512
        """, Map.of());

    assertThat(config.kafka().clientProperties())
        .containsEntry("bootstrap.servers", "b-1.msk.example:9096")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void aClientWithoutAClusterIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of()).kafka().clientProperties())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.bootstrap-servers:");
  }

  @Test
  void anAwsEndpointFromTheEnvironmentEnablesAwsAccess() {
    RedressConfig config = ConfigLoader.defaults(Map.of("REDRESS_AWS_ENDPOINT", "http://127.0.0.1:5000"));

    assertThat(config.aws().configured()).isTrue();
    assertThat(config.aws().endpoint()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(5000));
  }

  @Test
  void aDurationMustBeIso8601() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("cooldown: 1 hour", Map.of()))
        .hasMessageStartingWith("cooldown: '1 hour' is not an ISO-8601 duration");
  }

  @Test
  void anEmptyAwsSectionLeavesAwsAccessOff() {
    assertThat(ConfigLoader.fromYaml("aws:", Map.of()).aws().configured()).isFalse();
    assertThat(ConfigLoader.fromYaml("aws: {}", Map.of()).aws().configured()).isFalse();
    assertThat(ConfigLoader.fromYaml("aws: {accounts: {}}", Map.of()).aws().configured()).isFalse();
  }

  @Test
  void anyAwsKeyEnablesAwsAccess() {
    assertThat(ConfigLoader.fromYaml("aws: {region: eu-west-1}", Map.of()).aws().configured()).isTrue();
    assertThat(ConfigLoader.fromYaml("aws: {dry-run: false}", Map.of()).aws().configured()).isTrue();
    assertThat(ConfigLoader.defaults(Map.of("REDRESS_AWS_REGION", "eu-west-1")).aws().configured()).isTrue();
  }

  @Test
  void aBlankAwsRegionIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("aws: {region: ''}", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("aws.region: must not be blank");
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("REDRESS_AWS_REGION", " ")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("REDRESS_AWS_REGION: set but empty");
  }

  @Test
  void aBlankClusterIsRefusedRatherThanTakenForTheEmbeddedBroker() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("kafka: {bootstrap-servers: ' '}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("kafka.bootstrap-servers: empty; leave it out to run the embedded broker");
  }

  /** A line with a syntax error may hold a secret: the message says where, not what the line holds. */
  @Test
  void aYamlSyntaxErrorSaysWhereWithoutShowingTheLine() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml(
        "notifications:\n  channels:\n    mail:\n      type: smtp\n      password: \"Hunter2-SMTP-SECRET\n",
        Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("(file): not valid YAML: found unexpected end of stream (line 6, column 1)")
        .message().doesNotContain("SECRET");
  }

  @Test
  void aFileIsReadWithTheEnvironmentOverIt(@TempDir Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("redress.yaml"), "cooldown: PT2H\nbreaker: {window: PT1M}");

    RedressConfig config = ConfigLoader.load(file, Map.of("REDRESS_COOLDOWN", "PT3H"));

    assertThat(config.cooldown()).isEqualTo(Duration.ofHours(3));
    assertThat(config.breaker().window()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theReadmesEnvironmentExampleOfControlParametersIsValidOnItsOwn() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int example = readme.indexOf("REDRESS_CONTROLS_SNS_1_KMS_KEY=");
    String paragraph = readme.substring(readme.lastIndexOf("\n\n", example), readme.indexOf("\n\n", example));
    Map<String, String> environment = new HashMap<>();
    Matcher variable = Pattern.compile("`(REDRESS_[A-Z0-9_]+)=([^`]*)`").matcher(paragraph);
    while (variable.find()) {
      environment.put(variable.group(1), variable.group(2));
    }

    RedressConfig config = ConfigLoader.defaults(environment);

    assertThat(config.policy().parameters().topicKmsKey()).isEqualTo("alias/sns-cmk");
    assertThat(config.policy().parameters().maxAccessKeyAge()).isEqualTo(Duration.ofDays(60));
    assertThat(config.policy().parameters().authorizedTcpPorts()).containsExactlyInAnyOrder(80, 443);
  }

  @Test
  void theReadmesExampleConfigurationIsValid() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Configuration"));
    int start = section.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = section.substring(start, section.indexOf("```", start));

    // The webhook secrets come from the environment, as the README advises.
    RedressConfig config = ConfigLoader.fromYaml(yaml, Map.of(
        "REDRESS_HTTP_SOURCES_CSPM_HMAC_SECRET", "0123456789abcdef0123456789abcdef",
        "REDRESS_HTTP_SOURCES_EVENTBRIDGE_API_KEY", "fedcba9876543210fedcba9876543210"));

    assertThat(config.policy().modeOf("S3.8")).isEqualTo(Mode.AUTO);
    assertThat(config.http().sources()).containsOnlyKeys("cspm", "eventbridge");
    assertThat(config.aws().roles()).containsKey("222233334444");
    assertThat(config.ingest().maxRecordBytes()).isEqualTo(1048576);
  }
}
