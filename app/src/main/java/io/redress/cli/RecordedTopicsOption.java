package io.redress.cli;

import io.redress.config.RedressConfig;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a command that reads history (audit, audit verify, what-if): the configuration, and the data
 * directory of a {@code redress run} whose embedded broker holds the topics when no cluster is configured.
 */
final class RecordedTopicsOption {

  @Mixin
  ConfigOption config;

  @Mixin
  BrokerClasspathOption brokerClasspath;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".redress",
      description = "Data directory of the `redress run` (or demo) whose embedded broker to read, when no cluster"
          + " is configured (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  RedressConfig load() {
    return config.load();
  }

  RecordedTopics open(RedressConfig loaded) {
    return RecordedTopics.open(loaded, dataDir, brokerClasspath.file);
  }
}
