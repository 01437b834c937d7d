package io.redress.cli;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The configuration file option, for every command that reads the configuration. */
final class ConfigOption {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "YAML configuration file (default: redress.yaml in the working directory, if present).")
  Path config;

  RedressConfig load() {
    Path file = config;
    if (file == null && Files.exists(Path.of("redress.yaml"))) {
      file = Path.of("redress.yaml");
    }
    return file == null ? ConfigLoader.defaults(System.getenv()) : ConfigLoader.load(file, System.getenv());
  }
}
