package io.redress.cli;

import io.redress.config.ConfigException;
import io.redress.kafka.KafkaSetupException;
import io.redress.kafka.SchemaRegistryException;
import io.redress.operations.InvalidInput;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code redress} command line. */
@Command(
    name = "redress",
    mixinStandardHelpOptions = true,
    version = "redress 0.1.0",
    description = "Event-driven auto-remediation of cloud security misconfigurations.",
    subcommands = {DemoCommand.class, RunCommand.class, TopologyCommand.class, CatalogueCommand.class,
        AuditCommand.class, WhatIfCommand.class, ExceptionsCommand.class, BreakerCommand.class,
        ImportCommand.class, DeadLettersCommand.class, NotifyCommand.class, ConfigCommand.class,
        ApprovalsCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        // An empty path is an unset shell variable, not a wish for the working directory.
        .registerConverter(Path.class, value -> {
          if (value.isBlank()) {
            throw new CommandLine.TypeConversionException("empty path");
          }
          return Path.of(value);
        })
        .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
          Throwable problem = fixableProblem(exception);
          if (problem != null) {
            commandLine.getErr().println("redress: " + problem.getMessage());
            return 2;
          }
          throw exception;
        });
  }

  /**
   * A problem the person running the command can fix (the configuration, the cluster's topics, the schema registry,
   * the input), also when it arrives wrapped, as Kafka Streams wraps what a serde throws inside what-if's topology.
   */
  private static Throwable fixableProblem(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigException || cause instanceof KafkaSetupException
          || cause instanceof SchemaRegistryException || cause instanceof InvalidInput) {
        return cause;
      }
    }
    return null;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
