package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.config.Topics;
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
  private final Topics names;
  private final Optional<EmbeddedBroker> startedHere;
  private final Optional<DataDirectoryLock> held;

  private RecordedTopics(RedressConfig config, Optional<EmbeddedBroker> startedHere, Optional<DataDirectoryLock> held) {
    this.consumerProperties = config.kafka().consumerProperties();
    this.names = config.kafka().topics();
    this.startedHere = startedHere;
    this.held = held;
  }

  static RecordedTopics open(RedressConfig config, Path dataDir, Path brokerClasspath) {
    if (config.kafka().bootstrapServers().isPresent()) {
      return new RecordedTopics(config, Optional.empty(), Optional.empty());
    }
    Path brokerDir = dataDir.resolve("broker");
    Optional<String> running = EmbeddedBroker.runningOn(brokerDir);
    if (running.isPresent()) {
      System.err.println("Reading the embedded broker running on " + dataDir + " (" + running.get() + ").");
      return new RecordedTopics(config.withBootstrapServers(running.get()), Optional.empty(), Optional.empty());
    }
    if (!Files.isDirectory(brokerDir)) {
      throw new KafkaSetupException("No Kafka cluster is configured (kafka.bootstrap-servers) and " + dataDir
          + " holds no embedded broker's data; give the --data-dir of a `redress run` or `redress demo`");
    }
    // Held as a run holds it, whose broker may not answer yet: starting another broker here would stop that one.
    DataDirectoryLock held = DataDirectoryLock.claimToRead(dataDir);
    try {
      System.err.println("Starting the embedded broker on " + dataDir + " to read its topics ...");
      EmbeddedBroker broker = EmbeddedBroker.start(brokerClasspath, brokerDir);
      return new RecordedTopics(config.withBootstrapServers(broker.bootstrapServers()), Optional.of(broker),
          Optional.of(held));
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
  }

  /** Settings of the consumer that reads them: {@code kafka.properties}, then {@code kafka.consumer}. */
  Properties consumerProperties() {
    return consumerProperties;
  }

  /** The names of the topics, with the configuration's prefix. */
  Topics names() {
    return names;
  }

  @Override
  public void close() {
    startedHere.ifPresent(EmbeddedBroker::close);
    held.ifPresent(DataDirectoryLock::close);
  }
}
