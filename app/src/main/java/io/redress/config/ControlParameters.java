package io.redress.config;

import io.redress.config.RedressConfig.ControlSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The parameters Security Hub (and the AWS Config rule behind each control) lets one set, configured beside the
 * control's mode under {@code controls}; each one absent keeps Security Hub's default, so a remediation never judges
 * a resource by a stricter or looser rule than the finding that named it. Beside them, the choices a fix needs that
 * Security Hub leaves open (which key SNS.1 encrypts with).
 *
 * @param authorizedTcpPorts EC2.18 {@code authorizedTcpPorts}: TCP ports that may be open to 0.0.0.0/0 and ::/0
 * @param authorizedUdpPorts EC2.18 {@code authorizedUdpPorts}: the same for UDP (none by default)
 * @param maxAccessKeyAge IAM.3 {@code maxAccessKeyAge}: an active key created longer ago than this is unrotated
 * @param maxCredentialUsageAge IAM.8 {@code maxCredentialUsageAge}: an active key unused for longer than this (or
 *     never used and created longer ago) is unused
 * @param topicKmsKey SNS.1 {@code kms-key}: the KMS key (id, key ARN, alias name or alias ARN) an unencrypted topic
 *     is encrypted with; by default the AWS managed key {@code alias/aws/sns}
 * @param passwordRules IAM.7's parameters: what the account's password policy must require
 */
public record ControlParameters(Set<Integer> authorizedTcpPorts, Set<Integer> authorizedUdpPorts,
    Duration maxAccessKeyAge, Duration maxCredentialUsageAge, String topicKmsKey, PasswordRules passwordRules) {

  /** Security Hub's defaults, and the AWS managed key for SNS.1, whose key Security Hub does not choose. */
  public static final ControlParameters SECURITY_HUB_DEFAULTS = new ControlParameters(
      Set.of(80, 443), Set.of(), Duration.ofDays(90), Duration.ofDays(90), "alias/aws/sns", PasswordRules.DEFAULTS);

  /**
   * IAM.7's parameters (those of the Config rule {@code iam-password-policy}): the least a password policy must
   * require. A reuse prevention or maximum age left empty is not required.
   *
   * @param reusePrevention how many earlier passwords may not be used again, at least; empty: not required
   * @param maxAgeDays how many days a password may be used, at most; empty: not required
   */
  public record PasswordRules(int minimumLength, boolean uppercase, boolean lowercase, boolean symbols,
      boolean numbers, Optional<Integer> reusePrevention, Optional<Integer> maxAgeDays) {

    public static final PasswordRules DEFAULTS =
        new PasswordRules(8, true, true, true, true, Optional.empty(), Optional.empty());
  }

  private static final String KEY_ID = "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
      + "|mrk-[0-9a-fA-F]{32})";
  private static final String ALIAS = "alias/[A-Za-z0-9/_-]{1,250}";
  /** The four ways KMS names a key: key id, key ARN, alias name, alias ARN. */
  private static final Pattern KMS_KEY = Pattern.compile(
      KEY_ID + "|" + ALIAS + "|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/" + KEY_ID + "|" + ALIAS + ")");
  private static final Pattern AWS_MANAGED_ALIAS = Pattern.compile("(.*:)?alias/aws/(?<service>.*)");

  /** Each parameter, by its key beside {@code mode}, and the one control it belongs to. */
  enum Parameter {
    AUTHORIZED_TCP_PORTS("authorized-tcp-ports", "EC2.18", ControlSettings::authorizedTcpPorts),
    AUTHORIZED_UDP_PORTS("authorized-udp-ports", "EC2.18", ControlSettings::authorizedUdpPorts),
    MAX_ACCESS_KEY_AGE("max-access-key-age", "IAM.3", ControlSettings::maxAccessKeyAge),
    MAX_CREDENTIAL_USAGE_AGE("max-credential-usage-age", "IAM.8", ControlSettings::maxCredentialUsageAge),
    KMS_KEY("kms-key", "SNS.1", ControlSettings::kmsKey),
    MINIMUM_PASSWORD_LENGTH("minimum-password-length", "IAM.7", ControlSettings::minimumPasswordLength),
    REQUIRE_UPPERCASE_CHARACTERS("require-uppercase-characters", "IAM.7", ControlSettings::requireUppercaseCharacters),
    REQUIRE_LOWERCASE_CHARACTERS("require-lowercase-characters", "IAM.7", ControlSettings::requireLowercaseCharacters),
    REQUIRE_SYMBOLS("require-symbols", "IAM.7", ControlSettings::requireSymbols),
    REQUIRE_NUMBERS("require-numbers", "IAM.7", ControlSettings::requireNumbers),
    PASSWORD_REUSE_PREVENTION("password-reuse-prevention", "IAM.7", ControlSettings::passwordReusePrevention),
    MAX_PASSWORD_AGE("max-password-age", "IAM.7", ControlSettings::maxPasswordAge);

    final String key;
    final String control;
    final Function<ControlSettings, Object> value;

    Parameter(String key, String control, Function<ControlSettings, Object> value) {
      this.key = key;
      this.control = control;
      this.value = value;
    }
  }

  public ControlParameters {
    authorizedTcpPorts = Set.copyOf(authorizedTcpPorts);
    authorizedUdpPorts = Set.copyOf(authorizedUdpPorts);
  }

  /**
   * The parameters set under {@code controls}, Security Hub's defaults for the rest.
   *
   * @throws ConfigException naming the key, for a parameter under a control it does not belong to or a bad value
   */
  static ControlParameters of(Map<String, ControlSettings> controls) {
    Set<Integer> tcp = SECURITY_HUB_DEFAULTS.authorizedTcpPorts();
    Set<Integer> udp = SECURITY_HUB_DEFAULTS.authorizedUdpPorts();
    Duration keyAge = SECURITY_HUB_DEFAULTS.maxAccessKeyAge();
    Duration unusedAge = SECURITY_HUB_DEFAULTS.maxCredentialUsageAge();
    String topicKey = SECURITY_HUB_DEFAULTS.topicKmsKey();
    PasswordRules passwords = SECURITY_HUB_DEFAULTS.passwordRules();
    for (Map.Entry<String, ControlSettings> control : controls.entrySet()) {
      String id = control.getKey();
      ControlSettings settings = control.getValue();
      if (settings == null) {
        continue;
      }
      for (Parameter parameter : Parameter.values()) {
        if (parameter.value.apply(settings) != null && !parameter.control.equalsIgnoreCase(id)) {
          throw new ConfigException(id + "." + parameter.key, "a parameter of " + parameter.control + " only");
        }
      }
      tcp = ports(id + ".authorized-tcp-ports", settings.authorizedTcpPorts(), tcp);
      udp = ports(id + ".authorized-udp-ports", settings.authorizedUdpPorts(), udp);
      keyAge = age(id + ".max-access-key-age", settings.maxAccessKeyAge(), keyAge);
      unusedAge = age(id + ".max-credential-usage-age", settings.maxCredentialUsageAge(), unusedAge);
      topicKey = topicKey(id + ".kms-key", settings.kmsKey(), topicKey);
      passwords = passwordRules(id, settings, passwords);
    }
    return new ControlParameters(tcp, udp, keyAge, unusedAge, topicKey, passwords);
  }

  /** IAM's own bounds on each setting, so a rule no password policy could meet stops Redress at start. */
  private static PasswordRules passwordRules(String id, ControlSettings settings, PasswordRules fallback) {
    return new PasswordRules(
        within(id + ".minimum-password-length", settings.minimumPasswordLength(), 6, 128)
            .orElse(fallback.minimumLength()),
        Optional.ofNullable(settings.requireUppercaseCharacters()).orElse(fallback.uppercase()),
        Optional.ofNullable(settings.requireLowercaseCharacters()).orElse(fallback.lowercase()),
        Optional.ofNullable(settings.requireSymbols()).orElse(fallback.symbols()),
        Optional.ofNullable(settings.requireNumbers()).orElse(fallback.numbers()),
        within(id + ".password-reuse-prevention", settings.passwordReusePrevention(), 1, 24)
            .or(fallback::reusePrevention),
        within(id + ".max-password-age", settings.maxPasswordAge(), 1, 1095).or(fallback::maxAgeDays));
  }

  private static Optional<Integer> within(String key, Integer configured, int least, int most) {
    if (configured != null && (configured < least || configured > most)) {
      throw new ConfigException(key, "must be " + least + " to " + most + ", as IAM allows, got " + configured);
    }
    return Optional.ofNullable(configured);
  }

  private static Set<Integer> ports(String key, List<Integer> configured, Set<Integer> fallback) {
    if (configured == null) {
      return fallback;
    }
    Collection<Integer> ports = new TreeSet<>();
    for (Integer port : configured) {
      if (port == null || port < 1 || port > 65535) {
        throw new ConfigException(key, "ports are 1 to 65535, got " + port);
      }
      ports.add(port);
    }
    return Set.copyOf(ports);
  }

  private static Duration age(String key, Duration configured, Duration fallback) {
    if (configured == null) {
      return fallback;
    }
    if (configured.isNegative() || configured.isZero() || configured.toSeconds() % Duration.ofDays(1).toSeconds() != 0
        || configured.getNano() != 0) {
      // Security Hub counts these ages in whole days.
      throw new ConfigException(key, "must be a positive whole number of days such as P90D, got " + configured);
    }
    return configured;
  }

  private static String topicKey(String key, String configured, String fallback) {
    if (configured == null) {
      return fallback;
    }
    if (!KMS_KEY.matcher(configured).matches()) {
      throw new ConfigException(key,
          "must be a KMS key id, key ARN, alias name (alias/...) or alias ARN, got '" + configured + "'");
    }
    var managed = AWS_MANAGED_ALIAS.matcher(configured);
    if (managed.matches() && !managed.group("service").equals("sns")) {
      // An AWS managed key's policy lets only its own service use it.
      throw new ConfigException(key, configured + " is the AWS managed key of another service; SNS can use only"
          + " alias/aws/sns or a customer managed key");
    }
    return configured;
  }
}
