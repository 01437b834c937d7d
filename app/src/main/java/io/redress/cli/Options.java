package io.redress.cli;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every long-running command shares. */
final class Options {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "YAML configuration file (default: redress.yaml in the working directory, if present).")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".redress",
      description = "Where the embedded broker and the topology keep their state (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--broker-classpath", paramLabel = "FILE",
      defaultValue = "${sys:redress.broker.classpath:-broker/target/classpath.txt}",
      description = "Jars of the embedded broker, as the launcher resolves them (default: ${DEFAULT-VALUE}).")
  Path brokerClasspath;

  RedressConfig load() {
    Path file = config;
    if (file == null && Files.exists(Path.of("redress.yaml"))) {
      file = Path.of("redress.yaml");
    }
    return file == null ? ConfigLoader.defaults(System.getenv()) : ConfigLoader.load(file, System.getenv());
  }
}
