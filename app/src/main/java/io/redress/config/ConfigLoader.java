package io.redress.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.config.RedressConfig.BreakerSettings;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.RedressConfig.NotificationSettings;
import io.redress.config.RedressConfig.PolicySettings;
import io.redress.contract.Mode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration file, lays environment overrides over it, and validates every key. Anything wrong
 * fails here, at start, with the key named; nothing half-configured ever reaches a running remediation.
 */
public final class ConfigLoader {

  /** Scalar keys that an environment variable may override: {@code kafka.bootstrap-servers} is REDRESS_KAFKA_BOOTSTRAP_SERVERS. */
  static final Set<String> OVERRIDABLE = Set.of(
      "kafka.bootstrap-servers", "kafka.application-id", "controls.default-mode", "cooldown",
      "breaker.window", "breaker.open-for", "breaker.thresholds.global", "breaker.thresholds.account",
      "breaker.thresholds.control", "aws.region", "aws.endpoint", "aws.dry-run", "notifications.security-contact");

  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern CONTROL_ID = Pattern.compile("[A-Za-z][A-Za-z0-9]*\\.\\d+");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");

  private ConfigLoader() {
  }

  /** Defaults only, with environment overrides: what {@code redress run} uses without a file. */
  public static RedressConfig defaults(Map<String, String> environment) {
    return parse(JsonNodeFactory.instance.objectNode(), environment);
  }

  public static RedressConfig load(Path file, Map<String, String> environment) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read configuration: " + e.getMessage());
    }
    return fromYaml(yaml, environment);
  }

  public static RedressConfig fromYaml(String yaml, Map<String, String> environment) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new ConfigException("(file)", "not valid YAML: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JsonNodeFactory.instance.objectNode();
    }
    if (!root.isObject()) {
      throw new ConfigException("(file)", "expected a YAML mapping at the top level");
    }
    return parse((ObjectNode) root, environment);
  }

  private static RedressConfig parse(ObjectNode root, Map<String, String> environment) {
    applyEnvironment(root, environment);
    Section top = new Section("", root);
    top.only("kafka", "controls", "cooldown", "breaker", "aws", "notifications");
    return new RedressConfig(
        kafka(top.section("kafka")),
        policy(top.section("controls")),
        top.duration("cooldown", Duration.ofHours(1)),
        breaker(top.section("breaker")),
        aws(top.has("aws"), top.section("aws")),
        notifications(top.section("notifications")));
  }

  private static void applyEnvironment(ObjectNode root, Map<String, String> environment) {
    for (String key : OVERRIDABLE) {
      String variable = "REDRESS_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      String value = environment.get(variable);
      if (value == null) {
        continue;
      }
      ObjectNode node = root;
      String[] path = key.split("\\.");
      for (int i = 0; i < path.length - 1; i++) {
        JsonNode child = node.get(path[i]);
        node = child instanceof ObjectNode object ? object : node.putObject(path[i]);
      }
      node.put(path[path.length - 1], value);
    }
  }

  private static KafkaSettings kafka(Section kafka) {
    kafka.only("bootstrap-servers", "application-id", "properties");
    Map<String, String> properties = new LinkedHashMap<>();
    Section extra = kafka.section("properties");
    extra.node.fields().forEachRemaining(e -> properties.put(e.getKey(), extra.text(e.getKey(), null)));
    return new KafkaSettings(
        Optional.ofNullable(kafka.text("bootstrap-servers", null)).filter(s -> !s.isBlank()),
        kafka.text("application-id", "redress"),
        Map.copyOf(properties));
  }

  private static PolicySettings policy(Section controls) {
    Mode defaultMode = Mode.DRY_RUN;
    Map<String, Mode> modes = new LinkedHashMap<>();
    for (Iterator<String> names = controls.node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.equals("default-mode")) {
        defaultMode = mode(controls.key(name), controls.text(name, null));
        continue;
      }
      if (!CONTROL_ID.matcher(name).matches()) {
        throw new ConfigException(controls.key(name), "not a control id (expected something like S3.8)");
      }
      Section control = controls.section(name);
      control.only("mode");
      modes.put(name, mode(control.key("mode"), control.text("mode", null)));
    }
    return new PolicySettings(defaultMode, Map.copyOf(modes));
  }

  private static Mode mode(String key, String value) {
    if (value == null) {
      throw new ConfigException(key, "missing; one of auto, dry-run, notify-only, off");
    }
    try {
      return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "'" + value + "' is not a mode; one of auto, dry-run, notify-only, off");
    }
  }

  private static BreakerSettings breaker(Section breaker) {
    breaker.only("window", "open-for", "thresholds");
    Section thresholds = breaker.section("thresholds");
    thresholds.only("global", "account", "control");
    return new BreakerSettings(
        breaker.duration("window", Duration.ofMinutes(5)),
        breaker.duration("open-for", Duration.ofMinutes(30)),
        thresholds.positiveInt("global", 50),
        thresholds.positiveInt("account", 20),
        thresholds.positiveInt("control", 30));
  }

  private static AwsSettings aws(boolean configured, Section aws) {
    aws.only("region", "endpoint", "dry-run", "accounts");
    Map<String, AccountRole> roles = new LinkedHashMap<>();
    Section accounts = aws.section("accounts");
    for (Iterator<String> ids = accounts.node.fieldNames(); ids.hasNext(); ) {
      String id = ids.next();
      if (!ACCOUNT_ID.matcher(id).matches()) {
        throw new ConfigException(accounts.key(id), "not a twelve-digit account id");
      }
      Section account = accounts.section(id);
      account.only("role-arn", "external-id");
      String roleArn = account.text("role-arn", null);
      if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
        throw new ConfigException(account.key("role-arn"), "expected an IAM role ARN, got " + roleArn);
      }
      roles.put(id, new AccountRole(roleArn, Optional.ofNullable(account.text("external-id", null))));
    }
    Optional<URI> endpoint = Optional.ofNullable(aws.text("endpoint", null)).map(value -> uri(aws.key("endpoint"), value));
    return new AwsSettings(configured, aws.text("region", "us-east-1"), endpoint, Map.copyOf(roles),
        aws.bool("dry-run", false));
  }

  private static URI uri(String key, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new ConfigException(key, "expected an absolute URL such as http://127.0.0.1:5000, got " + value);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(key, "not a URL: " + value);
    }
  }

  private static NotificationSettings notifications(Section notifications) {
    notifications.only("security-contact");
    return new NotificationSettings(notifications.text("security-contact", "security-team@example.com"));
  }

  /** A mapping in the file, with the dotted path that names its keys in error messages. */
  private record Section(String path, ObjectNode node) {

    String key(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
      return node.has(name);
    }

    void only(String... allowed) {
      Set<String> known = Set.of(allowed);
      node.fieldNames().forEachRemaining(name -> {
        if (!known.contains(name)) {
          throw new ConfigException(key(name), "unknown key; expected one of " + Arrays.toString(allowed));
        }
      });
    }

    Section section(String name) {
      JsonNode child = node.get(name);
      if (child == null || child.isNull()) {
        return new Section(key(name), JsonNodeFactory.instance.objectNode());
      }
      if (!child.isObject()) {
        throw new ConfigException(key(name), "expected a mapping");
      }
      return new Section(key(name), (ObjectNode) child);
    }

    String text(String name, String fallback) {
      JsonNode child = node.get(name);
      if (child == null || child.isNull()) {
        return fallback;
      }
      if (!child.isValueNode()) {
        throw new ConfigException(key(name), "expected a single value");
      }
      return child.asText();
    }

    Duration duration(String name, Duration fallback) {
      String value = text(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        Duration duration = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        if (duration.isNegative() || duration.isZero()) {
          throw new ConfigException(key(name), "must be positive, got " + value);
        }
        return duration;
      } catch (DateTimeParseException e) {
        throw new ConfigException(key(name), "'" + value + "' is not an ISO-8601 duration such as PT5M or PT1H");
      }
    }

    int positiveInt(String name, int fallback) {
      String value = text(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        int number = Integer.parseInt(value.trim());
        if (number < 1) {
          throw new ConfigException(key(name), "must be at least 1, got " + value);
        }
        return number;
      } catch (NumberFormatException e) {
        throw new ConfigException(key(name), "'" + value + "' is not a whole number");
      }
    }

    boolean bool(String name, boolean fallback) {
      String value = text(name, null);
      if (value == null) {
        return fallback;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes" -> true;
        case "false", "no" -> false;
        default -> throw new ConfigException(key(name), "'" + value + "' is not true or false");
      };
    }
  }
}
