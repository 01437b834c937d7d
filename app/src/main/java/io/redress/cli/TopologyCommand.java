package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.ingest.FindingNormalizer;
import io.redress.remediation.RemediationCatalogue;
import io.redress.topology.RedressTopology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "topology", mixinStandardHelpOptions = true,
    description = "Prints the decision topology as Kafka Streams describes it: every step, store and topic by name.")
final class TopologyCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RedressConfig loaded = config.load();
    spec.commandLine().getOut().println(RedressTopology.build(loaded, RemediationCatalogue.discover(),
        FindingNormalizer.of(loaded.ingest())).describe());
    return 0;
  }
}
