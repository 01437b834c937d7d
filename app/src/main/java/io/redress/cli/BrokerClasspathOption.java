package io.redress.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the embedded broker's jars are listed, for every command that may start it. */
final class BrokerClasspathOption {

  @Option(names = "--broker-classpath", paramLabel = "FILE",
      defaultValue = "${sys:redress.broker.classpath:-broker/target/classpath.txt}",
      description = "Jars of the embedded broker, as the launcher resolves them (default: ${DEFAULT-VALUE}).")
  Path file;
}
