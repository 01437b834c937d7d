package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.KafkaSetupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the commands that read history (audit, what-if) find the recorded topics: the configured cluster; else the
 * embedded broker of a {@code redress run} (or demo) on the data directory, while it runs; else that broker's
 * storage, started just for the read and stopped after it.
 */
final class RecordedTopics implements AutoCloseable {

  private final Properties consumerProperties;
  private final Optional<EmbeddedBroker> startedHere;

  private RecordedTopics(Properties consumerProperties, Optional<EmbeddedBroker> startedHere) {
    this.consumerProperties = consumerProperties;
    this.startedHere = startedHere;
  }

  static RecordedTopics open(RedressConfig config, Path dataDir, Path brokerClasspath) {
    if (config.kafka().bootstrapServers().isPresent()) {
      return new RecordedTopics(config.kafka().consumerProperties(), Optional.empty());
    }
    Path brokerDir = dataDir.resolve("broker");
    Optional<String> running = EmbeddedBroker.runningOn(brokerDir);
    if (running.isPresent()) {
      System.err.println("Reading the embedded broker running on " + dataDir + " (" + running.get() + ").");
      return new RecordedTopics(config.withBootstrapServers(running.get()).kafka().consumerProperties(),
          Optional.empty());
    }
    if (!Files.isDirectory(brokerDir)) {
      throw new KafkaSetupException("No Kafka cluster is configured (kafka.bootstrap-servers) and " + dataDir
          + " holds no embedded broker's data; give the --data-dir of a `redress run` or `redress demo`");
    }
    System.err.println("Starting the embedded broker on " + dataDir + " to read its topics ...");
    EmbeddedBroker broker = EmbeddedBroker.start(brokerClasspath, brokerDir);
    return new RecordedTopics(config.withBootstrapServers(broker.bootstrapServers()).kafka().consumerProperties(),
        Optional.of(broker));
  }

  /** Settings of the consumer that reads them: {@code kafka.properties}, then {@code kafka.consumer}. */
  Properties consumerProperties() {
    return consumerProperties;
  }

  @Override
  public void close() {
    startedHere.ifPresent(EmbeddedBroker::close);
  }
}
