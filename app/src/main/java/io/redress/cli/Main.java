package io.redress.cli;

import io.redress.config.ConfigException;
import io.redress.kafka.KafkaSetupException;
import io.redress.operations.InvalidInput;
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
        ImportCommand.class, NotifyCommand.class, ConfigCommand.class, ApprovalsCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
          if (exception instanceof ConfigException || exception instanceof KafkaSetupException
              || exception instanceof InvalidInput) {
            commandLine.getErr().println("redress: " + exception.getMessage());
            return 2;
          }
          throw exception;
        });
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
