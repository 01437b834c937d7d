package io.redress.cli;

import io.redress.audit.AuditPrinter;
import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.Topics;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Scope;
import io.redress.exceptions.ExceptionScope;
import io.redress.ingest.FindingNormalizer;
import io.redress.ingest.Normalization;
import io.redress.ingest.SampleEvents;
import io.redress.ingest.SampleEvents.SampleEvent;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.EmbeddedBroker;
import io.redress.operations.InvalidInput;
import io.redress.remediation.RemediationCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Shows Redress at work on a fresh embedded broker: publishes an exception, feeds sample Security Hub"
            + " findings (a public bucket, its re-import, an excepted bucket, a control without a fix, a broken"
            + " record) and prints every decision, result and lesson as it happens. Every control is dry-run and"
            + " no AWS access is used, so nothing anywhere is changed."})
final class DemoCommand implements Callable<Integer> {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String EXCEPTED_BUCKET = "arn:aws:s3:::acme-public-website";
  /** Marks a directory the demo made: one it may empty, however full. */
  private static final String MARKER = ".redress-demo";
  private static final Path DEFAULT_DIR = Path.of(".redress", "demo");

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".redress/demo",
      description = "Scratch directory, emptied at every start; one the demo did not make must be new or empty"
          + " (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Mixin
  BrokerClasspathOption brokerClasspath;

  @Option(names = "--keep-running", description = "Stay up after the samples until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    refuseOthers(dataDir);
    // Before anything is stopped or deleted: a demo still running here (--keep-running) keeps its broker and data.
    try (DataDirectoryLock held = DataDirectoryLock.claim(dataDir)) {
      empty(dataDir);
      return demonstrate();
    }
  }

  private int demonstrate() throws Exception {
    // The demo never reads redress.yaml or the environment: it must show the same safe story on every machine.
    // Its security group sample shows a notify-only control.
    RedressConfig defaults = ConfigLoader.defaults(java.util.Map.of("REDRESS_CONTROLS_EC2_19_MODE", "notify-only"));
    System.out.println("Starting an embedded Kafka broker (single-node KRaft) in " + dataDir + " ...");
    try (Node node = Node.connect(defaults, dataDir, brokerClasspath.file)) {
      Runtime.getRuntime().addShutdownHook(new Thread(node::close, "redress-demo-shutdown"));
      RedressConfig config = node.config();
      Topics topics = config.kafka().topics();
      System.out.println("Broker ready at " + config.kafka().bootstrapServers().orElseThrow()
          + ". Every control is dry-run and no AWS access is configured: nothing will be changed.");

      try (KafkaProducer<String, byte[]> producer = producer(config.kafka())) {
        publishException(producer, topics);
        // No http role: the demo feeds its samples itself, and must not depend on a free port.
        node.start(EnumSet.complementOf(EnumSet.of(Role.HTTP)), RemediationCatalogue.discover(), dataDir);
        if (!node.awaitRunning(PATIENCE)) {
          System.err.println("redress: the decision topology did not start within " + PATIENCE.toSeconds() + " s");
          return 1;
        }
        try (AuditPrinter printer = new AuditPrinter(config.kafka().consumerProperties(), topics,
            AuditPrinter.Start.BEGINNING, System.out)) {
          Thread printing = new Thread(printer, "redress-audit-printer");
          printing.start();
          Expected expected = feedSamples(producer, topics);
          boolean complete = printer.tally().await(expected.decisions(), expected.deadLetters(), PATIENCE.toMillis());
          Thread.sleep(1_000); // lets the notifier print the last lesson before the summary
          System.out.println();
          System.out.println((complete ? "Demo complete: " : "Demo timed out waiting; seen so far: ")
              + printer.tally() + ". Every record above is on its topic for replay.");
          if (keepRunning) {
            System.out.println("Still running (--keep-running). Ctrl-C stops it.");
            Thread.currentThread().join();
          }
          return complete ? 0 : 1;
        }
      }
    }
  }

  private static KafkaProducer<String, byte[]> producer(KafkaSettings kafka) {
    Map<String, Object> properties = kafka.producerConfig();
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
  }

  /** Published before the topology starts, so the exception list is loaded when the first finding arrives. */
  private static void publishException(KafkaProducer<String, byte[]> producer, Topics topics) throws Exception {
    Instant now = Instant.now();
    Scope scope = new Scope(null, null, "S3.8", EXCEPTED_BUCKET, null);
    ExceptionRecord exception = ExceptionRecord.newBuilder()
        .setScope(scope)
        .setReason("Static website bucket: public by design, fronted by CloudFront")
        .setApprover("ciso@acme.example")
        .setCreatedBy("web-team@acme.example")
        .setCreatedAt(now)
        .setExpiresAt(now.plus(Duration.ofDays(90)))
        .setTicket("SEC-1024")
        .build();
    String key = ExceptionScope.of(scope).key();
    producer.send(new ProducerRecord<>(topics.exceptions(), key,
        AvroSerde.of(ExceptionRecord.class).serializer().serialize(topics.exceptions(), exception))).get();
    System.out.println("Published exception '" + key + "' (approved by ciso@acme.example, expires in 90 days).");
  }

  private record Expected(int decisions, int deadLetters) {
  }

  private static Expected feedSamples(KafkaProducer<String, byte[]> producer, Topics topics) throws Exception {
    FindingNormalizer normalizer = FindingNormalizer.withBundledMappings();
    List<SampleEvent> samples = SampleEvents.load();
    int decisions = 0;
    int deadLetters = 0;
    System.out.println("Feeding " + samples.size() + " sample events into " + topics.findingsRaw() + ":");
    for (SampleEvent sample : samples) {
      System.out.println("  " + sample.name());
      long appendedAt = producer.send(new ProducerRecord<>(topics.findingsRaw(), sample.name(),
          sample.json().getBytes(StandardCharsets.UTF_8))).get().timestamp();
      // Judged as the topology will judge it: at the time the broker stamped it.
      if (normalizer.normalize(sample.json(), appendedAt) instanceof Normalization.Accepted accepted) {
        decisions += accepted.findings().size();
      } else {
        deadLetters++;
      }
    }
    return new Expected(decisions, deadLetters);
  }

  /**
   * Empties the demo's directory, which this process holds and {@link #refuseOthers} accepted, but for its lock, and
   * marks it as the demo's.
   */
  private static void empty(Path dir) throws IOException {
    EmbeddedBroker.stopLeftover(dir.resolve("broker"));
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(dir) && !path.equals(dir.resolve(DataDirectoryLock.FILE_NAME))) {
          Files.delete(path);
        }
      }
    }
    Files.createFile(dir.resolve(MARKER));
  }

  /**
   * Refuses a directory that is neither new, nor empty, nor the demo's: marked as its own, or its default
   * {@code .redress/demo}, which versions before the mark left unmarked and {@code run} never uses ({@code .redress}).
   * A directory the demo did not make is refused, not emptied: it may be a {@code run}'s, whose broker the demo would
   * stop and whose topics and audit trail it would delete.
   */
  static void refuseOthers(Path dir) throws IOException {
    boolean unused = !Files.exists(dir) || Files.isDirectory(dir) && isEmpty(dir);
    boolean demos = Files.isRegularFile(dir.resolve(MARKER))
        || Files.isDirectory(dir) && dir.toAbsolutePath().normalize().endsWith(DEFAULT_DIR);
    if (!unused && !demos) {
      throw new InvalidInput("--data-dir " + dir + " is not a directory the demo made (it has no " + MARKER
          + "), and the demo empties its directory at every start. Name a new or empty directory, or remove this"
          + " one yourself if nothing in it is needed.");
    }
  }

  /** Empty but perhaps for the lock of a demo stopped before it marked the directory. */
  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.allMatch(entry -> entry.getFileName().toString().equals(DataDirectoryLock.FILE_NAME));
    }
  }
}
