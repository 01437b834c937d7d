package io.redress.cli;

import io.redress.cli.FindingFile.Part;
import io.redress.cli.FindingFile.Record;
import io.redress.cli.FindingFile.Rejected;
import io.redress.config.RedressConfig;
import io.redress.config.SourceNames;
import io.redress.http.RawFindingPublisher;
import io.redress.http.RawFindingPublisher.NotAcknowledged;
import io.redress.kafka.KafkaSetupException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {
        "Publishes findings from files (Prowler OCSF, ASFF, AWS Config or EventBridge events, as JSON or JSON lines)"
            + " to redress.findings.raw, where a running Redress decides on them.",
        "Uses the cluster in kafka.bootstrap-servers; without one, the embedded broker of a `redress run` on the same"
            + " --data-dir, which must be running.",
        "Exit status: 0 when every record was published, 1 when any was rejected or not acknowledged, 2 when Kafka"
            + " cannot be used."})
final class ImportCommand implements Callable<Integer> {

  /** Kafka is given this long to acknowledge each record before the import counts it as not published. */
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  @Spec
  CommandSpec spec;

  /** An import never starts a broker of its own: what it published would wait unread on a broker soon gone. */
  @Mixin
  ClusterOption kafka;

  @Option(names = "--source", paramLabel = "NAME", defaultValue = "import",
      description = "Recorded in each record's redress.source header, as a webhook's source name is"
          + " (default: ${DEFAULT-VALUE}).")
  String source;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files of findings.")
  List<Path> files;

  @Override
  public Integer call() {
    if (!SourceNames.isName(source)) {
      throw new ParameterException(spec.commandLine(), "--source: " + SourceNames.RULE);
    }
    RedressConfig loaded = kafka.load();
    RedressConfig cluster = loaded.withBootstrapServers(kafka.kafka(loaded).bootstrapServers().orElseThrow());
    requireRawTopic(cluster);
    int maxRecordBytes = cluster.ingest().maxRecordBytes();
    ImportTally tally = new ImportTally();
    PrintWriter err = spec.commandLine().getErr();
    try (RawFindingPublisher publisher = new RawFindingPublisher(cluster.kafka(), maxRecordBytes, ACK_TIMEOUT)) {
      for (Path file : files) {
        List<Part> parts = read(file, maxRecordBytes);
        ImportProgress progress = ImportProgress.on(err, System.console() != null, file.toString(), parts.size());
        publish(parts, publisher, tally, progress);
        progress.done();
      }
    }
    tally.report(err);
    spec.commandLine().getOut().println(tally.summary(files.size(), cluster.kafka().topics().findingsRaw()));
    return tally.clean() ? 0 : 1;
  }

  private static void requireRawTopic(RedressConfig cluster) {
    String servers = cluster.kafka().bootstrapServers().orElseThrow();
    String raw = cluster.kafka().topics().findingsRaw();
    try (Admin admin = Admin.create(cluster.kafka().adminConfig())) {
      admin.describeTopics(List.of(raw), new DescribeTopicsOptions().timeoutMs(15_000))
          .allTopicNames().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new KafkaSetupException(raw + " does not exist on " + servers
            + ": `./redress run` creates the topics when it starts.");
      }
      throw new KafkaSetupException("Cannot use Kafka at " + servers + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new KafkaSetupException("Kafka at " + servers + " did not answer within 20 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("Interrupted while asking Kafka at " + servers, e);
    }
  }

  private static List<Part> read(Path file, int maxRecordBytes) {
    try {
      return FindingFile.split(file.toString(), Files.readAllBytes(file), maxRecordBytes);
    } catch (NoSuchFileException e) {
      return List.of(new Rejected(file.toString(), "cannot read the file", "no such file"));
    } catch (AccessDeniedException e) {
      return List.of(new Rejected(file.toString(), "cannot read the file", "permission denied"));
    } catch (IOException | OutOfMemoryError e) {
      return List.of(new Rejected(file.toString(), "cannot read the file", String.valueOf(e.getMessage())));
    }
  }

  /**
   * Sends every record without waiting for each, then waits for them all. Once Kafka has failed a record, nothing
   * more of the import is sent, this file's rest or the files after it: each would wait out the same timeout.
   */
  private void publish(List<Part> parts, RawFindingPublisher publisher, ImportTally tally, ImportProgress progress) {
    int before = tally.handled();
    for (Part part : parts) {
      tally.read();
      if (part instanceof Rejected rejected) {
        tally.rejected(rejected);
      } else if (part instanceof Record record) {
        if (tally.kafkaFailed()) {
          tally.notPublished(record.where(), "not sent after Kafka failed");
        } else {
          send(publisher, record, tally);
        }
      }
      progress.advance(tally.handled() - before);
    }
    publisher.flush();
    progress.advance(tally.handled() - before);
  }

  private void send(RawFindingPublisher publisher, Record record, ImportTally tally) {
    try {
      publisher.send(source, record.json(), (stored, failure) -> {
        if (failure == null) {
          tally.published();
        } else {
          tally.notAcknowledged(record.where(), NotAcknowledged.because(failure));
        }
      });
    } catch (NotAcknowledged e) {
      tally.notAcknowledged(record.where(), e);
    }
  }
}
