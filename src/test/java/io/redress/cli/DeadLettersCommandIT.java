package io.redress.cli;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.SourceNames;
import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.http.RawFindingPublisher;
import io.redress.kafka.TopicProvisioner;
import io.redress.operations.DeadLetterReplay;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.SecurityHubEvents;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redress dead-letters} on a real broker with the topology running: a finding a source may not deliver is
 * dead-lettered; sent again unchanged it is dead-lettered again, because its source travels with it, and only that
 * new letter is left to send; once the source's limits let it through, sent again it is decided, once, with the
 * source that first delivered it.
 */
class DeadLettersCommandIT {

  private static final String SOURCE = "team-a";
  private static final String OWN = "111122223333";
  private static final String OTHER = "444455556666";

  @Test
  void aFindingRejectedByItsSourcesLimitsIsDecidedWhenSentAgainOnceTheLimitsAllowIt(@TempDir Path dir)
      throws Exception {
    String id = UUID.randomUUID().toString();
    String prefix = "dead-letters-" + id + ".";
    RedressConfig limited = config(prefix, "[\"" + OWN + "\"]");
    Topics topics = limited.kafka().topics();
    try (Admin admin = Admin.create(limited.kafka().clientProperties())) {
      new TopicProvisioner(admin, topics, 3, (short) 1).provision();
    }
    Path limitedFile = Files.writeString(dir.resolve("limited.yaml"), yaml(prefix, "[\"" + OWN + "\"]"));
    Path allowedFile = Files.writeString(dir.resolve("allowed.yaml"), yaml(prefix, "[\"" + OWN + "\", \"" + OTHER
        + "\"]"));
    Properties client = limited.kafka().clientProperties();
    String bucket = "outside-" + id;
    try (RawFindingPublisher publisher = new RawFindingPublisher(limited.kafka(), 1 << 20, Duration.ofSeconds(30))) {
      publisher.publish(SOURCE, SecurityHubEvents.publicBucket(OTHER, bucket, Instant.now())
          .getBytes(StandardCharsets.UTF_8));
    }

    try (StreamsRole streams = streams(limited, dir.resolve("state-1"))) {
      DeadLetter first = readExactly(client, topics.deadLetters(), DeadLetter.class, letter -> true, 1).get(0);
      assertThat(first.getReason()).contains("ingest.sources." + SOURCE + ".accounts");

      Cli.Run listed = Cli.redress("dead-letters", "list", "-c", limitedFile.toString(), "--stage", "normalize");
      assertThat(listed.status()).as(listed.err()).isZero();
      assertThat(listed.out()).contains(topics.findingsRaw() + "/" + first.getPartition() + "@" + first.getOffset(),
          "1 dead letter of raw findings match; 0 of other topics match",
          "./redress dead-letters replay <the same filters> --expect 1");

      Cli.Run miscounted = Cli.redress("dead-letters", "replay", "-c", limitedFile.toString(), "--expect", "2");
      assertThat(miscounted.status()).isEqualTo(2);
      assertThat(miscounted.err()).contains("1 dead letter of raw findings match, not 2; nothing was sent");
      assertThat(recordsOn(client, topics.findingsRaw())).hasSize(1);

      Cli.Run unchanged = Cli.redress("dead-letters", "replay", "-c", limitedFile.toString(), "--expect", "1");
      assertThat(unchanged.status()).as(unchanged.err()).isZero();
      assertThat(unchanged.out()).contains("Sent 1 of 1 raw findings again.");
      List<DeadLetter> again = readExactly(client, topics.deadLetters(), DeadLetter.class, letter -> true, 2);
      assertThat(again.get(1).getReason()).as("limited again: its source came with it").isEqualTo(first.getReason());
    }

    List<ConsumerRecord<String, byte[]>> raw = recordsOn(client, topics.findingsRaw());
    assertThat(raw).hasSize(2);
    ConsumerRecord<String, byte[]> original = raw.stream()
        .filter(record -> record.headers().lastHeader(DeadLetterReplay.REPLAY_HEADER) == null)
        .findFirst().orElseThrow();
    ConsumerRecord<String, byte[]> replayed = raw.stream().filter(record -> record != original).findFirst()
        .orElseThrow();
    assertThat(replayed.key()).isEqualTo(original.key());
    assertThat(replayed.value()).isEqualTo(original.value());
    assertThat(header(replayed, SourceNames.HEADER)).isEqualTo(SOURCE);
    assertThat(header(replayed, DeadLetterReplay.REPLAY_HEADER))
        .isEqualTo(topics.findingsRaw() + "/" + original.partition() + "@" + original.offset());

    try (StreamsRole streams = streams(config(prefix, "[\"" + OWN + "\", \"" + OTHER + "\"]"),
        dir.resolve("state-2"))) {
      Cli.Run listedOne = Cli.redress("dead-letters", "list", "-c", allowedFile.toString(), "--limit", "1");
      assertThat(listedOne.out()).as("the first letter was sent again; the copy's letter is the one left")
          .contains("1 dead letter of raw findings match", "1 more match that were sent again already, left out")
          .doesNotContain("... and").containsOnlyOnce(topics.findingsRaw() + "/")
          .contains(topics.findingsRaw() + "/" + replayed.partition() + "@" + replayed.offset());
      Cli.Run all = Cli.redress("dead-letters", "list", "-c", allowedFile.toString(), "--include-replayed");
      assertThat(all.out()).contains("[REPLAYED by ", " as " + topics.findingsRaw() + "/" + replayed.partition() + "@"
          + replayed.offset() + "]", "listed as REPLAYED");
      Cli.Run allowed = Cli.redress("dead-letters", "replay", "-c", allowedFile.toString(), "--stage", "normalize",
          "--expect", "1");
      assertThat(allowed.status()).as(allowed.err()).isZero();
      assertThat(allowed.out()).contains("Sent 1 of 1 raw findings again.");
      List<Decision> decided = readExactly(client, topics.decisions(), Decision.class,
          decision -> decision.getFinding().getResource().getId().endsWith(bucket), 1);
      assertThat(decided).extracting(decision -> decision.getFinding().getSender().toString())
          .containsOnly(SOURCE);
      assertThat(decided).extracting(decision -> decision.getOutcome().toString())
          .as("each dead letter went once: one decision").containsExactly("DRY_RUN");
      Cli.Run again = Cli.redress("dead-letters", "replay", "-c", allowedFile.toString(), "--expect", "1");
      assertThat(again.status()).isEqualTo(2);
      assertThat(again.err()).contains("0 dead letters of raw findings match, not 1 (2 sent again already are left"
          + " out); nothing was sent");
    }
  }

  private static String yaml(String prefix, String accounts) {
    return """
        kafka: {bootstrap-servers: "%s", topic-prefix: "%s"}
        controls: {S3.8: {mode: dry-run}}
        ingest: {sources: {%s: {accounts: %s}}}
        """.formatted(TestBroker.bootstrapServers(), prefix, SOURCE, accounts);
  }

  private static RedressConfig config(String prefix, String accounts) {
    return ConfigLoader.fromYaml(yaml(prefix, accounts), Map.of());
  }

  private static StreamsRole streams(RedressConfig config, Path state) throws Exception {
    StreamsRole streams = new StreamsRole(config, RemediationCatalogue.discover(), Files.createDirectories(state),
        () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(Duration.ofSeconds(90))).isTrue();
    return streams;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<String, byte[]>> recordsOn(Properties client, String topic) {
    Properties settings = new Properties();
    settings.putAll(client);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}
