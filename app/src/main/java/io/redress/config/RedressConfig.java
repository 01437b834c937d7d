package io.redress.config;

import io.redress.contract.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The whole configuration, validated. Built by {@link ConfigLoader}. */
public record RedressConfig(
    KafkaSettings kafka,
    PolicySettings policy,
    Duration cooldown,
    BreakerSettings breaker,
    AwsSettings aws,
    NotificationSettings notifications) {

  /** The same configuration pointed at a given cluster, e.g. the embedded broker once it has started. */
  public RedressConfig withBootstrapServers(String bootstrapServers) {
    return new RedressConfig(
        new KafkaSettings(Optional.of(bootstrapServers), kafka.applicationId(), kafka.properties()),
        policy, cooldown, breaker, aws, notifications);
  }

  /**
   * @param bootstrapServers empty: start the embedded single-node broker
   * @param properties passed as they are to every Kafka client (security settings for MSK, for instance)
   */
  public record KafkaSettings(Optional<String> bootstrapServers, String applicationId, Map<String, String> properties) {

    /** Properties every client starts from: the cluster and whatever extra settings the deployment needs. */
    public Map<String, Object> clientConfig() {
      Map<String, Object> client = new HashMap<>(properties);
      client.put("bootstrap.servers", bootstrapServers.orElseThrow(() -> new ConfigException(
          "kafka.bootstrap-servers", "no Kafka cluster is configured and the embedded broker has not started")));
      return client;
    }

    public Properties clientProperties() {
      Properties client = new Properties();
      client.putAll(clientConfig());
      return client;
    }
  }

  /** How each control is handled; a control not listed gets {@code defaultMode}. */
  public record PolicySettings(Mode defaultMode, Map<String, Mode> controls) {
    public Mode modeOf(String control) {
      return controls.getOrDefault(control, defaultMode);
    }
  }

  /** Thresholds are the most commands admitted per window and scope before the breaker opens. */
  public record BreakerSettings(Duration window, Duration openFor, int global, int perAccount, int perControl) {
  }

  /**
   * @param configured false when no aws section is given: executors then plan offline and change nothing
   * @param endpoint an AWS-compatible endpoint to use instead of AWS's own (an emulator, a VPC endpoint)
   * @param roles role to assume per account id for cross-account action
   * @param forceDryRun true: every command is planned only, whatever its control's mode
   */
  public record AwsSettings(
      boolean configured,
      String region,
      Optional<URI> endpoint,
      Map<String, AccountRole> roles,
      boolean forceDryRun) {
  }

  public record AccountRole(String roleArn, Optional<String> externalId) {
  }

  /** @param securityContact who hears about findings whose creator is unknown, and about breaker trips */
  public record NotificationSettings(String securityContact) {
  }
}
