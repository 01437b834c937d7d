package io.redress.cli;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The configuration file option, for every command that reads the configuration. */
final class ConfigOption {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "YAML configuration file (default: redress.yaml in the working directory, if present).")
  Path config;

  /** The configuration; also sets how this process frames its records (every command reads or writes some). */
  RedressConfig load() {
    Path file = config;
    if (file == null && Files.exists(Path.of("redress.yaml"))) {
      file = Path.of("redress.yaml");
    }
    RedressConfig loaded = file == null ? ConfigLoader.defaults(System.getenv()) : ConfigLoader.load(file, System.getenv());
    AvroSerde.useWireFormat(WireFormat.of(loaded));
    return loaded;
  }
}
