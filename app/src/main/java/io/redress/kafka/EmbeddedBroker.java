package io.redress.kafka;

import io.redress.config.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (combined broker and controller) running as a child process, for machines where no
 * Kafka cluster is configured, and for tests.
 *
 * <p>It is a separate process, started from the jars listed in a classpath file, so that the broker's Scala and
 * log4j jars never reach the application's classpath. Its storage lives in the data directory and survives
 * restarts; the listener ports are chosen afresh at every start, which KRaft accepts for a single node.
 *
 * <p>What it keeps in the data directory is listed in {@link BrokerFiles}.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final String MAIN_CLASS = "kafka.Kafka";
  private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final BrokerFiles files;
  private final int brokerPort;
  private boolean stopped;

  private EmbeddedBroker(Process process, BrokerFiles files, int brokerPort) {
    this.process = process;
    this.files = files;
    this.brokerPort = brokerPort;
  }

  /**
   * Starts a broker keeping its data in {@code dataDir} and returns once it answers clients.
   *
   * @param classpathFile the broker's classpath, one line of path-separated jars, as written by
   *     {@code mvn -f broker/pom.xml dependency:build-classpath}
   * @throws KafkaSetupException if the classpath is missing, or the broker exits or does not answer in time
   */
  public static EmbeddedBroker start(Path classpathFile, Path dataDir) {
    int[] ports = freePorts(2);
    return start(classpathFile, dataDir, ports[0], ports[1]);
  }

  /**
   * Starts a broker on the given loopback ports, so that it can be stopped and started again on the same data
   * directory under clients that keep its address (as the chaos harness does).
   *
   * @see #start(Path, Path)
   */
  public static EmbeddedBroker start(Path classpathFile, Path dataDir, int brokerPort, int controllerPort) {
    String classpath = readClasspath(classpathFile);
    BrokerFiles files = BrokerFiles.in(dataDir);
    stopLeftoverBroker(files);
    requireStorageUnused(files);
    try {
      Files.writeString(files.serverProperties(), serverProperties(brokerPort, controllerPort, files.storage()));
      try (InputStream logConfig = EmbeddedBroker.class.getResourceAsStream("/broker/log4j2.xml")) {
        Files.copy(logConfig, files.logConfig(), StandardCopyOption.REPLACE_EXISTING);
      }
      formatStorageOnce(classpath, files);
      Process process = javaProcess(classpath, files, MAIN_CLASS, files.serverProperties().toString())
          .redirectOutput(ProcessBuilder.Redirect.appendTo(files.consoleOutput().toFile()))
          .start();
      EmbeddedBroker broker = new EmbeddedBroker(process, files, brokerPort);
      try {
        Files.writeString(files.pidFile(), Long.toString(process.pid()));
        broker.awaitReady();
      } catch (IOException | RuntimeException e) {
        broker.close();
        throw e;
      }
      return broker;
    } catch (IOException e) {
      throw new KafkaSetupException("Could not start the embedded Kafka broker in " + files.dir() + ": " + e, e);
    }
  }

  public String bootstrapServers() {
    return HOST + ":" + brokerPort;
  }

  public long pid() {
    return process.pid();
  }

  /** Stops the broker: SIGTERM, so it closes its logs cleanly, then a forced kill if it lingers. */
  @Override
  public void close() {
    stop();
  }

  private synchronized void stop() {
    if (stopped) {
      return;
    }
    terminate(process.toHandle());
    stopped = true;
    try {
      Files.deleteIfExists(files.pidFile());
    } catch (IOException e) {
      // A stale pid file is harmless: the next start checks that the process is a broker on this directory.
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (!answersClients()) {
      if (!process.isAlive()) {
        throw startFailure("exited with code " + process.exitValue());
      }
      if (Instant.now().isAfter(deadline)) {
        throw startFailure("did not answer within " + STARTUP_TIMEOUT.toSeconds() + " s");
      }
      pause(Duration.ofMillis(200));
    }
  }

  private boolean answersClients() {
    // Waiting for the port first keeps the admin client from logging a refused connection every few milliseconds.
    if (!acceptsConnections()) {
      return false;
    }
    Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get().isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("Interrupted while waiting for the embedded Kafka broker", e);
    } catch (Exception notYet) {
      return false;
    }
  }

  private boolean acceptsConnections() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, brokerPort), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private KafkaSetupException startFailure(String what) {
    return new KafkaSetupException("The embedded Kafka broker " + what + "." + files.problemReport());
  }

  private static String readClasspath(Path classpathFile) {
    String classpath = "";
    try {
      classpath = Files.readString(classpathFile).strip();
    } catch (IOException missing) {
      // Reported below, with what to do about it.
    }
    if (classpath.isEmpty()) {
      throw new KafkaSetupException("No Kafka cluster is configured and the embedded broker's classpath "
          + classpathFile + " is missing or empty. Start Redress with ./redress, which prepares it, or run: "
          + "mvn -q -f broker/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt");
    }
    return classpath;
  }

  /**
   * The address of the broker running on {@code dataDir} (one a {@code redress run} started), so that a command
   * such as an audit can read the same topics while it runs; empty when no broker runs there. The broker's own pid
   * file and configuration say it: the process must be alive and be a broker on this very directory.
   */
  public static Optional<String> runningOn(Path dataDir) {
    BrokerFiles files = new BrokerFiles(dataDir.toAbsolutePath().normalize());
    return readPid(files.pidFile())
        .flatMap(ProcessHandle::of)
        .filter(handle -> isBrokerOn(handle, files))
        .flatMap(handle -> advertisedListener(files.serverProperties()));
  }

  private static Optional<String> advertisedListener(Path serverProperties) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(serverProperties)) {
      properties.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(properties.getProperty("advertised.listeners"))
        .map(listener -> listener.substring(listener.indexOf("://") + 3));
  }

  /**
   * Stops a broker an earlier, killed run left on {@code dataDir}, if there is one; for a caller about to wipe the
   * directory, which would otherwise orphan that broker for good. A broker survives its parent when the parent is
   * killed with SIGKILL and still holds the storage lock, so it would make every later start fail; it is stopped
   * only if it really is a broker on this data directory.
   */
  public static void stopLeftover(Path dataDir) {
    stopLeftoverBroker(BrokerFiles.in(dataDir));
  }

  private static void stopLeftoverBroker(BrokerFiles files) {
    readPid(files.pidFile())
        .flatMap(ProcessHandle::of)
        .filter(handle -> isBrokerOn(handle, files))
        .ifPresent(EmbeddedBroker::terminate);
  }

  /**
   * A broker we do not know of (its pid file gone, or started by hand) may still use the storage. A second broker
   * would fail on Kafka's lock, but only after reading and writing metadata files under the running one, so ask
   * the lock first.
   */
  private static void requireStorageUnused(BrokerFiles files) {
    Path lockFile = files.storage().resolve(".lock");
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
         FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw new KafkaSetupException("Another Kafka process is using " + files.storage()
            + ". Stop it, or give Redress another data directory.");
      }
    } catch (IOException e) {
      throw new KafkaSetupException("Cannot check whether another Kafka process uses " + files.storage(), e);
    }
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isBrokerOn(ProcessHandle handle, BrokerFiles files) {
    List<String> arguments = List.of(handle.info().arguments().orElse(new String[0]));
    return handle.isAlive()
        && arguments.contains(MAIN_CLASS)
        && arguments.contains(files.serverProperties().toString());
  }

  private static void terminate(ProcessHandle handle) {
    handle.destroy();
    try {
      handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception stillRunning) {
      handle.destroyForcibly();
      handle.onExit().join();
    }
  }

  /** Formatting writes {@code meta.properties}; formatting a second time fails, so it happens once per directory. */
  private static void formatStorageOnce(String classpath, BrokerFiles files) throws IOException {
    if (Files.exists(files.storage().resolve("meta.properties"))) {
      return;
    }
    Process format = javaProcess(classpath, files, STORAGE_TOOL, "format", "--standalone",
        "-t", Uuid.randomUuid().toString(), "-c", files.serverProperties().toString())
        .start();
    String output = new String(format.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exitCode = waitFor(format);
    if (exitCode != 0) {
      throw new KafkaSetupException("Formatting the embedded Kafka broker's storage in " + files.storage()
          + " failed with exit code " + exitCode + ":\n" + output);
    }
  }

  private static ProcessBuilder javaProcess(String classpath, BrokerFiles files, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    // In a session of its own, Ctrl-C in the terminal reaches only the application, which stops its roles while
    // the broker still answers and then stops the broker (its owner's shutdown hook calls close()).
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m",
        "-Dlog4j2.configurationFile=" + files.logConfig(),
        "-Dredress.broker.log=" + files.log(),
        mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(files.dir().toFile()).redirectErrorStream(true);
    // Through the environment rather than -cp, so the process list stays readable and the arguments short.
    builder.environment().put("CLASSPATH", classpath);
    return builder;
  }

  private static int waitFor(Process process) {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("Interrupted while preparing the embedded Kafka broker", e);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("Interrupted while waiting for the embedded Kafka broker", e);
    }
  }

  /** Distinct free loopback ports: all sockets are held open together so the system cannot hand out one twice. */
  private static int[] freePorts(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new KafkaSetupException("No free loopback port for the embedded Kafka broker", e);
    } finally {
      for (ServerSocket socket : sockets) {
        closeQuietly(socket);
      }
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // The port was only reserved; there is nothing to release.
    }
  }

  /**
   * A combined broker and controller on loopback. Every internal topic has one replica: the transaction state
   * settings are what let {@code exactly_once_v2} Streams applications run on one node. Topics are created only by
   * the provisioning, never by a client that happens to name one: an auto-created findings topic would carry the
   * producer's time and the delete policy, which Redress refuses.
   */
  private static String serverProperties(int brokerPort, int controllerPort, Path storage) {
    return """
        process.roles=broker,controller
        node.id=1
        controller.quorum.bootstrap.servers=%1$s:%3$d
        listeners=PLAINTEXT://%1$s:%2$d,CONTROLLER://%1$s:%3$d
        advertised.listeners=PLAINTEXT://%1$s:%2$d
        inter.broker.listener.name=PLAINTEXT
        controller.listener.names=CONTROLLER
        listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
        log.dirs=%4$s
        offsets.topic.replication.factor=1
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        share.coordinator.state.topic.replication.factor=1
        share.coordinator.state.topic.min.isr=1
        group.initial.rebalance.delay.ms=0
        auto.create.topics.enable=false
        """.formatted(HOST, brokerPort, controllerPort, storage);
  }
}
