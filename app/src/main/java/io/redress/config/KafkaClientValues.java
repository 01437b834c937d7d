package io.redress.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Each Kafka setting checked against Kafka's own definition of it, so that a bad value (an {@code acks} of
 * {@code banana}, a {@code linger.ms} of {@code soon}) stops Redress at start with its key named, instead of failing
 * every client a role opens, over and over, once Redress said it was running. A name no client defines is passed on
 * as it is: {@code kafka.properties} also holds the settings of the Glue serde and of login modules.
 */
final class KafkaClientValues {

  private static final ConfigDef PRODUCER = ProducerConfig.configDef();
  private static final ConfigDef CONSUMER = ConsumerConfig.configDef();
  private static final ConfigDef ADMIN = AdminClientConfig.configDef();
  private static final ConfigDef STREAMS = StreamsConfig.configDef();
  /** How Kafka Streams addresses the clients inside it; {@code topic.} settings are the topics' own, not a client's. */
  private static final Map<String, ConfigDef> STREAMS_PREFIXES = Map.of(
      StreamsConfig.PRODUCER_PREFIX, PRODUCER,
      StreamsConfig.CONSUMER_PREFIX, CONSUMER,
      StreamsConfig.MAIN_CONSUMER_PREFIX, CONSUMER,
      StreamsConfig.RESTORE_CONSUMER_PREFIX, CONSUMER,
      StreamsConfig.GLOBAL_CONSUMER_PREFIX, CONSUMER,
      StreamsConfig.ADMIN_CLIENT_PREFIX, ADMIN);

  private KafkaClientValues() {
  }

  static void everyClient(String key, Map<String, String> settings) {
    settings.forEach((name, value) ->
        check(key + "." + name, name, value, List.of(PRODUCER, CONSUMER, ADMIN, STREAMS)));
  }

  static void producer(String key, Map<String, String> settings) {
    settings.forEach((name, value) -> check(key + "." + name, name, value, List.of(PRODUCER)));
  }

  static void consumer(String key, Map<String, String> settings) {
    settings.forEach((name, value) -> check(key + "." + name, name, value, List.of(CONSUMER)));
  }

  static void admin(String key, Map<String, String> settings) {
    settings.forEach((name, value) -> check(key + "." + name, name, value, List.of(ADMIN)));
  }

  static void streams(String key, Map<String, String> settings) {
    settings.forEach((name, value) -> {
      check(key + "." + name, name, value, List.of(STREAMS));
      STREAMS_PREFIXES.forEach((prefix, client) -> {
        if (name.startsWith(prefix)) {
          check(key + "." + name, name.substring(prefix.length()), value, List.of(client));
        }
      });
    });
  }

  /**
   * The settings as a message may show them: the value of every setting Kafka holds as a password
   * ({@code sasl.jaas.config}, {@code ssl.keystore.password}, ...), and of any other whose name says it is a secret,
   * replaced with {@code (hidden)}.
   */
  static Map<String, String> shown(Map<String, String> settings) {
    Map<String, String> shown = new TreeMap<>();
    settings.forEach((name, value) -> shown.put(name, secret(name) ? "(hidden)" : value));
    return shown;
  }

  private static boolean secret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.contains("password") || lower.contains("secret") || lower.contains("jaas")
        || lower.contains("credential")) {
      return true;
    }
    return Stream.concat(Stream.of(name), STREAMS_PREFIXES.keySet().stream().filter(name::startsWith)
            .map(prefix -> name.substring(prefix.length())))
        .flatMap(candidate -> Stream.of(PRODUCER, CONSUMER, ADMIN, STREAMS)
            .map(client -> client.configKeys().get(candidate)))
        .anyMatch(definition -> definition != null && definition.type == ConfigDef.Type.PASSWORD);
  }

  private static void check(String key, String name, String value, List<ConfigDef> clients) {
    for (ConfigDef client : clients) {
      ConfigDef.ConfigKey definition = client.configKeys().get(name);
      if (definition == null) {
        continue;
      }
      try {
        Object parsed = ConfigDef.parseType(name, value, definition.type);
        if (definition.validator != null) {
          definition.validator.ensureValid(name, parsed);
        }
      } catch (org.apache.kafka.common.config.ConfigException e) {
        throw new ConfigException(key, definition.type == ConfigDef.Type.PASSWORD
            ? "not a valid value for Kafka's " + name + " (not shown, as it is a secret)"
            : e.getMessage());
      }
    }
  }
}
