package io.redress.bench;

import io.redress.config.Topics;
import io.redress.remediation.RemediationCatalogue;
import io.redress.topology.StreamsRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * P2 of the decision topology alone: P2's feed and timing, with the topology running in this process (as in P1) and
 * no executor or notifier beside it. On a machine busy with other work the all-roles process's figure is mostly its
 * queue; this one shows what the commits between a finding and its command cost.
 */
final class TopologyLatency {

  private static final int NEVER_HELD = 100_000_000;

  private TopologyLatency() {
  }

  static Latency.Figure measure(BenchOptions options, Path brokerClasspath) throws Exception {
    try (BenchBroker broker = BenchBroker.start(brokerClasspath, options.workDir().resolve("p2-topology-broker"),
        options.partitions());
         StreamsRole streams = new StreamsRole(Throughput.config(options, broker, NEVER_HELD),
             RemediationCatalogue.discover(), Files.createDirectories(options.workDir().resolve("p2-topology-state")),
             () -> false, reason -> { });
         KafkaProducer<String, byte[]> producer = broker.producer();
         CommittedReader commands = new CommittedReader(broker.bootstrapServers(), Topics.UNPREFIXED.remediations())) {
      streams.start();
      if (!streams.awaitRunning(Duration.ofMinutes(3))) {
        throw new IllegalStateException("the decision topology did not start within 3 minutes");
      }
      return Latency.time(options, producer, commands, () -> { });
    }
  }
}
