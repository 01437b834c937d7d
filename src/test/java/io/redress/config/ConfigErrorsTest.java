package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration error names the key and says what is wrong, as {@code dotted.key: problem}. */
class ConfigErrorsTest {

  private static String errorFor(String yaml) {
    try {
      ConfigLoader.fromYaml(yaml, Map.of());
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a configuration error for: " + yaml);
  }

  @Test
  void anUnknownModeListsTheModes() {
    assertThat(errorFor("controls: {S3.8: {mode: yolo}}"))
        .isEqualTo("controls.S3.8.mode: 'yolo' is not a mode; one of auto, dry-run, approve, notify-only, off");
  }

  @Test
  void aControlWithoutAModeIsRefused() {
    assertThat(errorFor("controls: {S3.8: {}}"))
        .isEqualTo("controls.S3.8.mode: missing; one of auto, dry-run, approve, notify-only, off");
    assertThat(errorFor("controls: {S3.8: }"))
        .isEqualTo("controls.S3.8.mode: missing; one of auto, dry-run, approve, notify-only, off");
  }

  @Test
  void aKeyUnderControlsMustBeAControlId() {
    assertThat(errorFor("controls: {S3: {mode: auto}}"))
        .isEqualTo("controls.S3: not a control id (expected something like S3.8)");
  }

  @Test
  void oneControlListedTwiceInDifferentCaseIsRefused() {
    assertThat(errorFor("controls: {CloudTrail.1: {mode: auto}, CLOUDTRAIL.1: {mode: 'off'}}")).isIn(
        "controls.CLOUDTRAIL.1: the same control as CloudTrail.1 (ids ignore case)",
        "controls.CloudTrail.1: the same control as CLOUDTRAIL.1 (ids ignore case)");
  }

  @Test
  void aMisspelledKeyListsTheKeysOfItsSectionInOrder() {
    assertThat(errorFor("breaker: {treshold: 5}"))
        .isEqualTo("breaker.treshold: unknown key; expected one of [window, open-for, thresholds, half-open-after, half-open-trickle]");
    assertThat(errorFor("aws: {dryrun: true}"))
        .isEqualTo("aws.dryrun: unknown key; expected one of [region, endpoint, dry-run, accounts]");
    assertThat(errorFor("kafak: {}"))
        .isEqualTo("kafak: unknown key; expected one of "
            + "[kafka, controls, cooldown, breaker, aws, notifications, ingest, exceptions, http, executor, audit]");
  }

  @Test
  void aThresholdBelowOneIsRefused() {
    assertThat(errorFor("breaker: {thresholds: {global: 0}}"))
        .isEqualTo("breaker.thresholds.global: must be at least 1, got 0");
  }

  @Test
  void aThresholdMustBeWholeNotTruncated() {
    assertThat(errorFor("breaker: {thresholds: {control: 2.5}}"))
        .isEqualTo("breaker.thresholds.control: '2.5' is not a whole number");
  }

  @Test
  void aDurationMustBeIso8601AndPositive() {
    assertThat(errorFor("cooldown: 1 hour"))
        .isEqualTo("cooldown: '1 hour' is not an ISO-8601 duration such as PT5M or PT1H");
    assertThat(errorFor("breaker: {open-for: PT0S}")).isEqualTo("breaker.open-for: must be positive, got PT0S");
  }

  @Test
  void aDurationMustBeWholeMillisecondsSoNoWindowIsCutToZero() {
    assertThat(errorFor("breaker: {window: PT0.0001S}"))
        .isEqualTo("breaker.window: must be whole milliseconds (PT0.001S at the least), got PT0.0001S");
    assertThat(errorFor("cooldown: PT0.0005S"))
        .isEqualTo("cooldown: must be whole milliseconds (PT0.001S at the least), got PT0.0005S");
    assertThat(errorFor("cooldown: PT1.0005S")).startsWith("cooldown: must be whole milliseconds");
    assertThat(ConfigLoader.fromYaml("cooldown: PT0.001S", Map.of()).cooldown().toMillis()).isEqualTo(1);
  }

  @Test
  void aDurationBeyondTenYearsIsRefusedRatherThanOverflowingItsMilliseconds() {
    assertThat(errorFor("cooldown: PT9223372036854775807S"))
        .isEqualTo("cooldown: must be at most 3650 days, got PT2562047788015215H30M7S");
    assertThat(errorFor("audit: {retention: P3651D}"))
        .isEqualTo("audit.retention: must be at most 3650 days, got PT87624H");
    assertThat(ConfigLoader.fromYaml("exceptions: {max-expiry: P3650D}", Map.of()).exceptions().maxExpiry())
        .isEqualTo(Duration.ofDays(3650));
  }

  @Test
  void anAccountIdMustHaveTwelveDigits() {
    assertThat(errorFor("aws: {accounts: {'1234': {role-arn: x}}}"))
        .isEqualTo("aws.accounts.1234: not a twelve-digit account id");
  }

  @Test
  void anAccountRoleMustBeAnIamRoleArn() {
    assertThat(errorFor("aws: {accounts: {'222233334444': {role-arn: x}}}"))
        .isEqualTo("aws.accounts.222233334444.role-arn: expected an IAM role ARN, got x");
    assertThat(errorFor("aws: {accounts: {'222233334444': {external-id: e}}}"))
        .isEqualTo("aws.accounts.222233334444.role-arn: expected an IAM role ARN, got nothing");
  }

  /** Its commands would otherwise act in the role's account, on what has the same name there. */
  @Test
  void anAccountsRoleMustBeInThatAccount() {
    assertThat(errorFor("aws: {accounts: {'111111111111': {role-arn: 'arn:aws:iam::222222222222:role/x'}}}"))
        .isEqualTo("aws.accounts.111111111111.role-arn: arn:aws:iam::222222222222:role/x is a role of account"
            + " 222222222222, not of 111111111111: the role assumed for an account must be in that account");
    assertThat(ConfigLoader.fromYaml("aws: {accounts: {'111111111111': {role-arn: 'arn:aws:iam::111111111111:role/x'}}}",
        Map.of()).aws().roles()).containsOnlyKeys("111111111111");
  }

  @Test
  void anAccountsRoleMustBeInAnAwsPartition() {
    assertThat(errorFor("aws: {accounts: {'111111111111': {role-arn: 'arn:awz:iam::111111111111:role/x'}}}"))
        .isEqualTo("aws.accounts.111111111111.role-arn: arn:awz:iam::111111111111:role/x names 'awz', not an AWS"
            + " partition; one of aws, aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov");
    assertThat(ConfigLoader.fromYaml(
        "aws: {accounts: {'111111111111': {role-arn: 'arn:aws-us-gov:iam::111111111111:role/x'}}}", Map.of())
        .aws().roles()).containsOnlyKeys("111111111111");
  }

  @Test
  void anEndpointMustBeAnAbsoluteUrl() {
    assertThat(errorFor("aws: {endpoint: 'localhost:5000'}"))
        .isEqualTo("aws.endpoint: expected an absolute URL such as http://127.0.0.1:5000, got localhost:5000");
    assertThat(errorFor("aws: {endpoint: 'http://bad host'}")).isEqualTo("aws.endpoint: not a URL: Illegal"
        + " character in authority (the value is not shown, as a URL may hold a secret)");
  }

  @Test
  void aSlackWebhookThatIsNotAUrlIsNamedByItsKeyAndNeverShown() {
    String webhook = "https://hooks.slack.com/services/T000/B000/SECRET PART";

    assertThat(errorFor("notifications: {channels: {chat: {type: slack, webhook-url: '" + webhook + "'}}}"))
        .startsWith("notifications.channels.chat.webhook-url: not a URL: Illegal character in path")
        .doesNotContain("SECRET");
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of(
        "REDRESS_NOTIFICATIONS_CHANNELS_CHAT_TYPE", "slack", "REDRESS_NOTIFICATIONS_CHANNELS_CHAT_WEBHOOK_URL", webhook)))
        .hasMessageStartingWith("notifications.channels.chat.webhook-url (from"
            + " REDRESS_NOTIFICATIONS_CHANNELS_CHAT_WEBHOOK_URL): not a URL")
        .message().doesNotContain("SECRET");
  }

  @Test
  void aChannelsPasswordAndWebhookNeverShowInItsSettingsText() {
    RedressConfig config = ConfigLoader.fromYaml("notifications: {channels: {"
        + "mail: {type: smtp, host: smtp.example.com, from: a@example.com, username: u, password: SECRET-PASSWORD},"
        + " chat: {type: slack, webhook-url: 'https://hooks.slack.com/services/T000/B000/SECRET-HOOK'}}}", Map.of());

    assertThat(config.toString()).contains("password=(hidden)").contains("webhookUrl=(hidden)")
        .doesNotContain("SECRET");
  }

  @Test
  void aKafkaSettingKafkaWouldRefuseStopsRedressAtStartWithItsKeyNamed() {
    assertThat(errorFor("kafka: {properties: {acks: banana}}"))
        .isEqualTo("kafka.properties.acks: Invalid value banana for configuration acks: String must be one of:"
            + " all, -1, 0, 1");
    assertThat(errorFor("kafka: {producer: {linger.ms: soon}}"))
        .startsWith("kafka.producer.linger.ms: Invalid value soon for configuration linger.ms");
    assertThat(errorFor("kafka: {consumer: {isolation.level: read_dirty}}"))
        .startsWith("kafka.consumer.isolation.level: Invalid value read_dirty for configuration isolation.level");
    assertThat(errorFor("kafka: {admin: {retries: many}}"))
        .startsWith("kafka.admin.retries: Invalid value many for configuration retries");
    assertThat(errorFor("kafka: {streams: {commit.interval.ms: soon}}"))
        .startsWith("kafka.streams.commit.interval.ms: Invalid value soon for configuration commit.interval.ms");
    assertThat(errorFor("kafka: {streams: {main.consumer.max.poll.records: lots}}"))
        .startsWith("kafka.streams.main.consumer.max.poll.records: Invalid value lots for configuration"
            + " max.poll.records");
  }

  @Test
  void aKafkaSettingFromTheEnvironmentNamesItsVariable() {
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("REDRESS_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_TLS")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.properties.security.protocol (from REDRESS_KAFKA_PROPERTIES_SECURITY_PROTOCOL):"
            + " Invalid value SASL_TLS for configuration security.protocol");
  }

  @Test
  void namesNoKafkaClientKnowsArePassedOnForTheSerdeAndLoginModulesThatReadThem() {
    RedressConfig config = ConfigLoader.fromYaml("kafka: {properties: {registry.name: redress, acks: all,"
        + " schemaAutoRegistrationEnabled: 'false'}, streams: {topic.segment.ms: '3600000'}}", Map.of());

    assertThat(config.kafka().properties()).containsEntry("registry.name", "redress").containsEntry("acks", "all");
  }

  @Test
  void kafkasSecretsNeverShowInItsSettingsText() {
    RedressConfig config = ConfigLoader.fromYaml("""
        kafka:
          properties:
            security.protocol: SASL_SSL
            sasl.jaas.config: 'ScramLoginModule required username="u" password="SECRET-PW";'
            ssl.keystore.password: SECRET-KS
          producer: {ssl.key.password: SECRET-KEY}
          streams: {producer.ssl.truststore.password: SECRET-TS}
        """, Map.of());

    assertThat(config.toString()).doesNotContain("SECRET").contains("sasl.jaas.config=(hidden)")
        .contains("ssl.keystore.password=(hidden)").contains("producer.ssl.truststore.password=(hidden)")
        .contains("security.protocol=SASL_SSL");
  }

  @Test
  void aFlagMustBeTrueOrFalse() {
    assertThat(errorFor("aws: {dry-run: maybe}")).isEqualTo("aws.dry-run: 'maybe' is not true or false");
  }

  @Test
  void aKafkaPropertyNeedsAValue() {
    assertThat(errorFor("kafka: {properties: {security.protocol: }}"))
        .isEqualTo("kafka.properties.security.protocol: missing value");
  }

  @Test
  void anApplicationIdMustNotBeBlank() {
    assertThat(errorFor("kafka: {application-id: ' '}")).isEqualTo("kafka.application-id: must not be blank");
  }

  @Test
  void aSectionGivenAValueAndAValueGivenASectionAreRefused() {
    assertThat(errorFor("breaker: 5")).isEqualTo("breaker: expected a mapping");
    assertThat(errorFor("controls: {default-mode: {mode: auto}}"))
        .isEqualTo("controls.default-mode: expected a single value");
  }

  @Test
  void aSingleValueWhereAListBelongsIsRefusedAskingForAList() {
    assertThat(errorFor("notifications: {creator-tags: owner}"))
        .isEqualTo("notifications.creator-tags: expected a list, e.g. [a, b]");
    assertThat(errorFor("controls: {EC2.18: {mode: auto, authorized-tcp-ports: 443}}"))
        .isEqualTo("controls.EC2.18.authorized-tcp-ports: expected a list, e.g. [a, b]");
  }

  @Test
  void aKeyGivenTwiceIsRefusedRatherThanTheLastOneWinning() {
    assertThat(errorFor("cooldown: PT1H\ncooldown: PT2H"))
        .startsWith("(file): not valid YAML: Duplicate field 'cooldown'");
  }

  @Test
  void brokenYamlAndAFileThatIsNotAMappingAreRefused() {
    assertThat(errorFor("a: b: c")).startsWith("(file): not valid YAML: ");
    assertThat(errorFor("- S3.8")).isEqualTo("(file): expected a YAML mapping at the top level");
  }

  @Test
  void aFileOfMoreThanOneYamlDocumentIsRefusedRatherThanItsLaterDocumentsIgnored() {
    assertThat(errorFor("controls: {S3.8: {mode: auto}}\naws: {region: us-east-1}\n---\naws: {dry-run: true}\n"))
        .isEqualTo("(file): holds more than one YAML document (a second '---' line); put every setting in one"
            + " document");
  }

  @Test
  void aDocumentStartLineBeforeTheOnlyDocumentIsRead() {
    assertThat(ConfigLoader.fromYaml("---\ncooldown: PT2H\n", Map.of()).cooldown()).isEqualTo(Duration.ofHours(2));
    assertThat(ConfigLoader.fromYaml("---\n", Map.of()).cooldown()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void anEmptyDocumentAfterTheOnlyOneIsNoSecondDocument() {
    assertThat(ConfigLoader.fromYaml("cooldown: PT2H\n---\n", Map.of()).cooldown()).isEqualTo(Duration.ofHours(2));
    assertThat(ConfigLoader.fromYaml("cooldown: PT2H\n---\n# nothing more\n", Map.of()).cooldown())
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void aMissingFileIsNamedByItsAbsolutePath() {
    Path relative = Path.of("no-such-dir", "redress.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(relative, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(relative.toAbsolutePath() + ": cannot read configuration: no such file");
  }

  @Test
  void brokenYamlInAFileIsNamedByTheFilesAbsolutePath(@TempDir Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("redress.yaml"), "a: b: c");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .hasMessageStartingWith(file.toAbsolutePath() + ": not valid YAML: ");
  }

  @Test
  void aRouteToNoChannelIsRefusedRatherThanDroppingItsNotifications() {
    String channels = "notifications: {channels: {email: {type: console}}, routes: ";
    assertThat(errorFor(channels + "{controls: {S3.8: []}}}"))
        .startsWith("notifications.routes.controls.S3.8: a route to no channel would drop its notifications");
    assertThat(errorFor(channels + "{controls: {S3.8: }}}"))
        .startsWith("notifications.routes.controls.S3.8: a route to no channel would drop its notifications");
    assertThat(errorFor(channels + "{severities: {HIGH: []}}}"))
        .startsWith("notifications.routes.severities.HIGH: a route to no channel would drop its notifications");
    assertThat(errorFor(channels + "{default: []}}"))
        .startsWith("notifications.routes.default: a route to no channel would drop its notifications");
  }

  @Test
  void anSesChannelsEndpointMustBeAnAbsoluteUrlAndItsRegionNotBlank() {
    assertThat(errorFor("notifications: {channels: {mail: {type: ses, from: a@example.com, endpoint: ses.local}}}"))
        .isEqualTo("notifications.channels.mail.endpoint: expected an absolute URL such as"
            + " https://email.us-east-1.amazonaws.com, got ses.local");
    assertThat(errorFor("notifications: {channels: {mail: {type: ses, from: a@example.com, region: ''}}}"))
        .isEqualTo("notifications.channels.mail.region: must not be blank; an AWS region such as us-east-1");
  }

  @Test
  void aSlackWebhookMustBeAWebUrlWithAHostAndIsNotShown() {
    String webhook = "hooks.slack.com/services/T000/B000/SECRETPART";

    assertThat(errorFor("notifications: {channels: {chat: {type: slack, webhook-url: '" + webhook + "'}}}"))
        .startsWith("notifications.channels.chat.webhook-url: expected an https:// URL with a host")
        .doesNotContain("SECRETPART");
    assertThat(errorFor("notifications: {channels: {chat: {type: slack, webhook-url: 'ftp://hooks.slack.com/x'}}}"))
        .startsWith("notifications.channels.chat.webhook-url: expected an https:// URL with a host");
  }

  @Test
  void aSecurityContactThatIsNoPlainEmailAddressIsRefused() {
    assertThat(errorFor("notifications: {security-contact: security-team}")).isEqualTo("notifications.security-contact:"
        + " 'security-team' is not an email address (expected one plain address, e.g. security-team@example.com)");
    assertThat(errorFor("notifications: {security-contact: 'soc.@example.com'}"))
        .startsWith("notifications.security-contact: 'soc.@example.com' is not an email address");
    assertThat(errorFor("notifications: {security-contact: 'SOC <soc@example.com>'}"))
        .startsWith("notifications.security-contact: 'SOC <soc@example.com>' is not an email address");
  }

  @Test
  void anEmailDomainThatIsNoMailDomainIsRefused() {
    assertThat(errorFor("notifications: {email-domain: '@example.com'}")).isEqualTo("notifications.email-domain:"
        + " '@example.com' is not a mail domain (expected e.g. example.com, so that alice is mailed at"
        + " alice@example.com)");
    assertThat(errorFor("notifications: {email-domain: 'example..com'}"))
        .startsWith("notifications.email-domain: 'example..com' is not a mail domain");
    assertThat(ConfigLoader.fromYaml("notifications: {email-domain: corp.example.com}", Map.of()).notifications()
        .emailDomain()).contains("corp.example.com");
  }
}
