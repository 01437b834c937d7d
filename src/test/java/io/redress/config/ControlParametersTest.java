package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlParametersTest {

  private static ControlParameters parameters(String yaml) {
    return ConfigLoader.fromYaml(yaml, Map.of()).policy().parameters();
  }

  @Test
  void absentParametersAreSecurityHubsDefaults() {
    ControlParameters defaults = parameters("controls: {EC2.18: {mode: auto}}");

    assertThat(defaults.authorizedTcpPorts()).containsExactlyInAnyOrder(80, 443);
    assertThat(defaults.authorizedUdpPorts()).isEmpty();
    assertThat(defaults.maxAccessKeyAge()).isEqualTo(Duration.ofDays(90));
    assertThat(defaults.maxCredentialUsageAge()).isEqualTo(Duration.ofDays(90));
    assertThat(defaults.topicKmsKey()).isEqualTo("alias/aws/sns");
    assertThat(ConfigLoader.defaults(Map.of()).policy().parameters()).isEqualTo(ControlParameters.SECURITY_HUB_DEFAULTS);
  }

  @Test
  void eachParameterIsReadBesideItsControlsModeWhateverTheIdsCase() {
    ControlParameters configured = parameters("""
        controls:
          ec2.18: {mode: auto, authorized-tcp-ports: [8443, 443], authorized-udp-ports: [53]}
          IAM.3: {mode: auto, max-access-key-age: P30D}
          iam.8: {mode: dry-run, max-credential-usage-age: p45d}
        """);

    assertThat(configured.authorizedTcpPorts()).containsExactlyInAnyOrder(443, 8443);
    assertThat(configured.authorizedUdpPorts()).containsExactly(53);
    assertThat(configured.maxAccessKeyAge()).isEqualTo(Duration.ofDays(30));
    assertThat(configured.maxCredentialUsageAge()).isEqualTo(Duration.ofDays(45));
  }

  @Test
  void anEmptyListAuthorizesNoPort() {
    assertThat(parameters("controls: {EC2.18: {mode: auto, authorized-tcp-ports: []}}").authorizedTcpPorts()).isEmpty();
  }

  @Test
  void aParameterUnderAnotherControlIsRefusedNamingIt() {
    assertThatThrownBy(() -> parameters("controls: {S3.8: {mode: auto, authorized-tcp-ports: [22]}}"))
        .hasMessage("controls.S3.8.authorized-tcp-ports: a parameter of EC2.18 only");
    assertThatThrownBy(() -> parameters("controls: {IAM.8: {mode: auto, max-access-key-age: P30D}}"))
        .hasMessage("controls.IAM.8.max-access-key-age: a parameter of IAM.3 only");
  }

  @Test
  void portsRunFromOneTo65535() {
    assertThat(parameters("controls: {EC2.18: {mode: auto, authorized-tcp-ports: [1, 65535]}}").authorizedTcpPorts())
        .containsExactlyInAnyOrder(1, 65535);
    assertThatThrownBy(() -> parameters("controls: {EC2.18: {mode: auto, authorized-tcp-ports: [0]}}"))
        .hasMessage("controls.EC2.18.authorized-tcp-ports: ports are 1 to 65535, got 0");
    assertThatThrownBy(() -> parameters("controls: {EC2.18: {mode: auto, authorized-udp-ports: [65536]}}"))
        .hasMessage("controls.EC2.18.authorized-udp-ports: ports are 1 to 65535, got 65536");
  }

  @Test
  void agesAreWholePositiveDays() {
    assertThat(parameters("controls: {IAM.3: {mode: auto, max-access-key-age: P1D}}").maxAccessKeyAge())
        .isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> parameters("controls: {IAM.3: {mode: auto, max-access-key-age: PT36H}}"))
        .hasMessage("controls.IAM.3.max-access-key-age: must be a positive whole number of days such as P90D, got PT36H");
    assertThatThrownBy(() -> parameters("controls: {IAM.8: {mode: auto, max-credential-usage-age: P0D}}"))
        .hasMessageContaining("controls.IAM.8.max-credential-usage-age: must be a positive whole number of days");
  }

  @Test
  void theTopicKeyIsReadBesideSns1sModeAsAnyNameKmsGivesAKey() {
    assertThat(parameters("controls: {sns.1: {mode: auto, kms-key: alias/sns-cmk}}").topicKmsKey())
        .isEqualTo("alias/sns-cmk");
    assertThat(parameters("controls: {SNS.1: {mode: auto, kms-key: 1234abcd-12ab-34cd-56ef-1234567890ab}}")
        .topicKmsKey()).isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(parameters("controls: {SNS.1: {mode: auto, kms-key: mrk-1234abcd12ab34cd56ef1234567890ab}}")
        .topicKmsKey()).isEqualTo("mrk-1234abcd12ab34cd56ef1234567890ab");
    assertThat(parameters("controls: {SNS.1: {mode: auto, kms-key: "
        + "'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'}}").topicKmsKey())
        .isEqualTo("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(parameters(
        "controls: {SNS.1: {mode: auto, kms-key: 'arn:aws:kms:eu-west-1:111122223333:alias/sns-cmk'}}").topicKmsKey())
        .isEqualTo("arn:aws:kms:eu-west-1:111122223333:alias/sns-cmk");
    assertThat(parameters("controls: {SNS.1: {mode: auto, kms-key: alias/aws/sns}}").topicKmsKey())
        .isEqualTo("alias/aws/sns");
  }

  @Test
  void aTopicKeyThatNamesNoKmsKeyIsRefusedNamingIt() {
    assertThatThrownBy(() -> parameters("controls: {SNS.1: {mode: auto, kms-key: sns-cmk}}"))
        .hasMessage("controls.SNS.1.kms-key: must be a KMS key id, key ARN, alias name (alias/...) or alias ARN,"
            + " got 'sns-cmk'");
    assertThatThrownBy(() -> parameters("controls: {SNS.1: {mode: auto, kms-key: ''}}"))
        .hasMessageStartingWith("controls.SNS.1.kms-key: must be a KMS key id");
    // An ARN's account is twelve digits.
    assertThatThrownBy(() -> parameters("controls: {SNS.1: {mode: auto, kms-key: 'arn:aws:kms:x:1:alias/a'}}"))
        .hasMessageStartingWith("controls.SNS.1.kms-key: must be a KMS key id");
  }

  @Test
  void anotherServicesAwsManagedKeyIsRefusedAsSnsCannotUseIt() {
    assertThatThrownBy(() -> parameters("controls: {SNS.1: {mode: auto, kms-key: alias/aws/s3}}"))
        .hasMessage("controls.SNS.1.kms-key: alias/aws/s3 is the AWS managed key of another service; SNS can use only"
            + " alias/aws/sns or a customer managed key");
  }

  @Test
  void theTopicKeyUnderAnotherControlIsRefusedNamingIt() {
    assertThatThrownBy(() -> parameters("controls: {SQS.1: {mode: auto, kms-key: alias/sns-cmk}}"))
        .hasMessage("controls.SQS.1.kms-key: a parameter of SNS.1 only");
  }

  @Test
  void anEnvironmentVariableSetsTheTopicKey() {
    RedressConfig config = ConfigLoader.fromYaml("controls: {SNS.1: {mode: auto}}",
        Map.of("REDRESS_CONTROLS_SNS_1_KMS_KEY", "alias/sns-cmk"));

    assertThat(config.policy().parameters().topicKmsKey()).isEqualTo("alias/sns-cmk");
  }

  @Test
  void anEnvironmentVariableSetsAParameter() {
    RedressConfig config = ConfigLoader.fromYaml("controls: {IAM.3: {mode: auto}}",
        Map.of("REDRESS_CONTROLS_IAM_3_MAX_ACCESS_KEY_AGE", "P60D"));

    assertThat(config.policy().parameters().maxAccessKeyAge()).isEqualTo(Duration.ofDays(60));
  }

  @Test
  void iam7sParametersAreReadAndItsDefaultsAreSecurityHubs() {
    ControlParameters configured = parameters("""
        controls:
          IAM.7: {mode: auto, minimum-password-length: 14, require-symbols: false, password-reuse-prevention: 24,
                  max-password-age: 90}
        """);

    assertThat(configured.passwordRules()).isEqualTo(new ControlParameters.PasswordRules(14, true, true, false, true,
        Optional.of(24), Optional.of(90)));
    assertThat(parameters("controls: {IAM.7: {mode: auto}}").passwordRules())
        .isEqualTo(new ControlParameters.PasswordRules(8, true, true, true, true, Optional.empty(), Optional.empty()));
    assertThat(ConfigLoader.fromYaml("controls: {IAM.7: {mode: auto}}",
        Map.of("REDRESS_CONTROLS_IAM_7_MINIMUM_PASSWORD_LENGTH", "16",
            "REDRESS_CONTROLS_IAM_7_REQUIRE_NUMBERS", "false")).policy().parameters().passwordRules())
        .isEqualTo(new ControlParameters.PasswordRules(16, true, true, true, false, Optional.empty(), Optional.empty()));
  }

  @Test
  void iam7sParametersOutsideWhatIamAllowsAreRefusedNamingTheKey() {
    assertThat(parameters("controls: {IAM.7: {mode: auto, minimum-password-length: 128, password-reuse-prevention: 1,"
        + " max-password-age: 1095}}").passwordRules().minimumLength()).isEqualTo(128);
    assertThatThrownBy(() -> parameters("controls: {IAM.7: {mode: auto, minimum-password-length: 129}}"))
        .hasMessage("controls.IAM.7.minimum-password-length: must be 6 to 128, as IAM allows, got 129");
    assertThatThrownBy(() -> parameters("controls: {IAM.7: {mode: auto, minimum-password-length: 5}}"))
        .hasMessageContaining("must be 6 to 128");
    assertThatThrownBy(() -> parameters("controls: {IAM.7: {mode: auto, password-reuse-prevention: 25}}"))
        .hasMessage("controls.IAM.7.password-reuse-prevention: must be 1 to 24, as IAM allows, got 25");
    assertThatThrownBy(() -> parameters("controls: {IAM.7: {mode: auto, max-password-age: 0}}"))
        .hasMessage("controls.IAM.7.max-password-age: must be 1 to 1095, as IAM allows, got 0");
    assertThatThrownBy(() -> parameters("controls: {IAM.3: {mode: auto, minimum-password-length: 14}}"))
        .hasMessage("controls.IAM.3.minimum-password-length: a parameter of IAM.7 only");
  }
}
