package io.redress.cli;

import io.redress.config.ConfigException;
import io.redress.config.ConfigReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = "About the configuration itself.",
    subcommands = ConfigCommand.Reference.class)
final class ConfigCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "reference", mixinStandardHelpOptions = true,
      description = {"Prints every configuration key with its default, environment variable and meaning, as a"
          + " Markdown table read from the configuration classes.",
          "With --update, writes it into a file instead, between the reference's two marker lines."})
  static final class Reference implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--update", paramLabel = "FILE",
        description = "Replace the reference in FILE (the README) with the current one.")
    Path update;

    @Override
    public Integer call() {
      if (update == null) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(ConfigReference.markdown());
        out.flush();
        return 0;
      }
      try {
        String before = Files.readString(update, StandardCharsets.UTF_8);
        String after = ConfigReference.update(before);
        if (!after.equals(before)) {
          Files.writeString(update, after, StandardCharsets.UTF_8);
        }
        spec.commandLine().getOut().println(after.equals(before) ? update + ": the reference is up to date"
            : update + ": reference updated");
        return 0;
      } catch (IOException e) {
        throw new ConfigException(update.toAbsolutePath().toString(), "cannot update the reference: " + e);
      }
    }
  }
}
