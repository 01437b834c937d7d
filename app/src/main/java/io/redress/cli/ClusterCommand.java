package io.redress.cli;

import io.redress.config.RedressConfig.KafkaSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that works on the cluster: its options choose which Kafka, and it answers on the command line. */
abstract class ClusterCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;
  @Mixin
  ClusterOption cluster;

  /** The configured cluster, or the embedded broker of a running {@code ./redress run}. */
  KafkaSettings kafka() {
    return cluster.kafka(cluster.load());
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
