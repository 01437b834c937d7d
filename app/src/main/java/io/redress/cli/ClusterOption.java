package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.KafkaSetupException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which Kafka a person's command talks to: the configured cluster, or else the embedded broker of a
 * {@code ./redress run} using the same data directory (found from the broker's own files while it runs).
 */
final class ClusterOption {

  @Mixin
  ConfigOption config;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".redress",
      description = "Data directory of the running `./redress run` whose embedded broker to use when no cluster is"
          + " configured (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  RedressConfig load() {
    return config.load();
  }

  KafkaSettings kafka(RedressConfig loaded) {
    if (loaded.kafka().bootstrapServers().isPresent()) {
      return loaded.kafka();
    }
    return EmbeddedBroker.runningOn(dataDir.resolve("broker"))
        .map(address -> loaded.withBootstrapServers(address).kafka())
        .orElseThrow(() -> new KafkaSetupException("No Kafka cluster is configured (kafka.bootstrap-servers) and no"
            + " `./redress run` with an embedded broker is running on " + dataDir.toAbsolutePath().normalize()
            + "; start one, or point --data-dir at the one that runs"));
  }
}
