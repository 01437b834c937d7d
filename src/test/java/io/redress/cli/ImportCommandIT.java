package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.SourceNames;
import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redress import} against a real broker: the embedded broker a {@code redress run} keeps in its data
 * directory, found there as the command finds it, or a cluster named in the configuration.
 */
class ImportCommandIT {

  @TempDir
  static Path dataDir;
  private static EmbeddedBroker broker;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final String source = "import-" + Long.toHexString(System.nanoTime());

  @BeforeAll
  static void startTheBrokerOfARun() throws Exception {
    broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir.resolve("broker"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
  }

  @AfterAll
  static void stopIt() {
    broker.close();
  }

  @Test
  void everyFindingOfAProwlerFileIsPublishedAsItStandsWithItsSource(@TempDir Path dir) throws Exception {
    List<String> findings = List.of(
        "{\"status_code\": \"FAIL\", \"metadata\": {\"event_code\": \"s3_bucket_public_access\"}, \"n\": 1}",
        "{\"status_code\": \"FAIL\", \"metadata\": {\"event_code\": \"s3_bucket_public_access\"}, \"n\": 2}",
        "{\"status_code\": \"PASS\", \"metadata\": {\"event_code\": \"ec2_securitygroup_allow_ingress\"}}");
    Path file = Files.writeString(dir.resolve("prowler-output.ocsf.json"),
        "[\n" + String.join(",\n", findings) + "\n]\n");

    int exit = redress("import", "--data-dir", dataDir.toString(), "--source", source, file.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Read 3 records from 1 file: 3 published to " + Topics.UNPREFIXED.findingsRaw()
        + ", 0 rejected, 0 not published.");
    List<ConsumerRecord<String, byte[]>> stored = recordsOf(source);
    assertThat(stored).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
        .containsExactlyElementsOf(findings);
    assertThat(stored).allSatisfy(record -> assertThat(new String(
        record.headers().lastHeader(SourceNames.HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo(source));
  }

  @Test
  void whatCannotBeUsedIsRejectedWithItsReasonAndTheExitStatusSaysSo(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("redress.yaml"), """
        kafka: {bootstrap-servers: "%s"}
        ingest: {max-record-bytes: 1024}
        """.formatted(broker.bootstrapServers()));
    Path lines = Files.writeString(dir.resolve("findings.jsonl"),
        "{\"Id\": \"kept\"}\nnot json\n{\"Id\": \"" + "x".repeat(2000) + "\"}\n");
    Path missing = dir.resolve("no-such-file.json");
    Path powerShell = Files.writeString(dir.resolve("powershell.json"), "\uFEFF{\"Id\": \"utf-16\"}\r\n",
        StandardCharsets.UTF_16LE);

    int exit = redress("import", "-c", config.toString(), "--data-dir", dir.resolve("no-run-here").toString(),
        "--source", source, powerShell.toString(), lines.toString(), missing.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .contains("Read 5 records from 3 files: 1 published to " + Topics.UNPREFIXED.findingsRaw() + ", 4 rejected")
        .contains("rejected, not UTF-8: 1")
        .contains("rejected, not JSON: 1")
        .contains("rejected, larger than ingest.max-record-bytes: 1")
        .contains("rejected, cannot read the file: 1");
    assertThat(err.toString())
        .contains(lines + ", line 2: not JSON: Unrecognized token 'not'")
        .contains(lines + ", line 3: larger than ingest.max-record-bytes: 2010 bytes; the limit is 1024")
        .contains(missing + ": cannot read the file: no such file")
        .contains(powerShell + ": not UTF-8: UTF-16LE");
    assertThat(recordsOf(source)).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
        .containsExactly("{\"Id\": \"kept\"}");
  }

  @Test
  void withoutAClusterOrARunningBrokerNothingIsReadAndTheCommandSaysWhatToStart(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("finding.json"), "{\"Id\": \"" + UUID.randomUUID() + "\"}");

    int exit = redress("import", "--data-dir", dir.toString(), file.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("no `./redress run` with an embedded broker is running on "
        + dir.toAbsolutePath().normalize()).contains("kafka.bootstrap-servers");
    assertThat(out.toString()).isEmpty();
  }

  private int redress(String... args) {
    var commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static List<ConsumerRecord<String, byte[]>> recordsOf(String source) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", broker.bootstrapServers());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.UNPREFIXED.findingsRaw()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 30_000;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (source.equals(record.key())) {
            matching.add(record);
          }
        });
      }
    }
    return matching;
  }
}
