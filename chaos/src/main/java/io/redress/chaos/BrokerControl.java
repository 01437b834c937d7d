package io.redress.chaos;

import io.redress.kafka.EmbeddedBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * The Kafka broker process the run uses, on loopback ports fixed for the whole run: stopped and started again on
 * the same ports and data, it is the same cluster to every client, Redress included.
 */
final class BrokerControl implements AutoCloseable {

  private final Path classpathFile;
  private final Path dataDir;
  private final int brokerPort;
  private final int controllerPort;
  private EmbeddedBroker broker;

  BrokerControl(Path classpathFile, Path dataDir) {
    this.classpathFile = classpathFile;
    this.dataDir = dataDir;
    int[] ports = freePorts();
    this.brokerPort = ports[0];
    this.controllerPort = ports[1];
  }

  synchronized void start() {
    if (broker == null) {
      broker = EmbeddedBroker.start(classpathFile, dataDir, brokerPort, controllerPort);
    }
  }

  /** SIGTERM, as an orderly broker restart would; returns once the process has exited. */
  synchronized void stop() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  @Override
  public void close() {
    stop();
  }

  private static int[] freePorts() {
    try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new int[] {first.getLocalPort(), second.getLocalPort()};
    } catch (IOException e) {
      throw new ChaosException("no free loopback port for the broker", e);
    }
  }
}
