package io.redress.topology;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.RecordKeys;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.SecurityHubEvents;
import io.redress.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records near Kafka's size limit, on a real broker under exactly-once: an input that would make an output too large
 * is dead-lettered, and the stream goes on. Before, one such finding stopped every remediation for good: the output
 * was refused, the transaction aborted, and the same record was read and refused again, forever.
 */
class OversizedRecordsIT {

  private static final String ACCOUNT = "111122223333";
  private static RedressConfig config;
  private static StreamsRole streams;

  @BeforeAll
  static void startTopology() throws Exception {
    config = ConfigLoader.fromYaml("""
        kafka: {application-id: redress-oversized-%s}
        controls: {S3.8: {mode: auto}}
        breaker: {thresholds: {global: 1000, account: 1000, control: 1000}}
        """.formatted(UUID.randomUUID()), Map.of()).withBootstrapServers(TestBroker.bootstrapServers());
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    streams = new StreamsRole(config, RemediationCatalogue.discover(),
        Files.createTempDirectory("redress-oversized"), () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(Duration.ofSeconds(90))).isTrue();
  }

  @AfterAll
  static void stopTopology() {
    if (streams != null) {
      streams.close();
    }
  }

  @Test
  void aFindingTooLargeToCarryIntoItsDecisionIsDeadLetteredAndTheNextFindingDecided() throws Exception {
    String big = "oversized-" + UUID.randomUUID();
    String next = "next-" + UUID.randomUUID();
    Finding oversized = TopologyFixture.bucketFinding(big, "S3.8");
    oversized.setDescription("x".repeat(900_000));
    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(producer, oversized);
      send(producer, TopologyFixture.bucketFinding(next, "S3.8"));
    }

    Properties client = config.kafka().clientProperties();
    DeadLetter deadLetter = readExactly(client, Topics.UNPREFIXED.deadLetters(), DeadLetter.class,
        d -> d.getKey() != null && d.getKey().endsWith(big), 1).get(0);
    assertThat(deadLetter.getStage()).isEqualTo("decode");
    assertThat(deadLetter.getTopic()).isEqualTo(Topics.UNPREFIXED.findings());
    assertThat(deadLetter.getReason()).contains("over the limit of " + RedressTopology.MAX_FINDING_BYTES + " bytes");
    assertThat(deadLetter.getPayloadTruncated()).isTrue();
    assertThat(deadLetter.getPayloadSize()).isGreaterThan(900_000);
    assertThat(readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class,
        d -> d.getFinding().getResource().getId().endsWith(next), 1)).hasSize(1);
    assertThat(readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class,
        d -> d.getFinding().getResource().getId().endsWith(big), 0)).isEmpty();
  }

  /** Decided on the partition its key chose, it would miss its cool-down and fork two partitions' decision chains. */
  @Test
  void aFindingAnotherWriterKeyedOtherwiseIsDeadLetteredWithWhyAndTheNextFindingDecided() throws Exception {
    String miskeyed = "miskeyed-" + UUID.randomUUID();
    String next = "next-" + UUID.randomUUID();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findings(), miskeyed, AvroSerde.of(Finding.class)
          .serializer().serialize(Topics.UNPREFIXED.findings(), TopologyFixture.bucketFinding(miskeyed, "S3.8"))))
          .get();
      send(producer, TopologyFixture.bucketFinding(next, "S3.8"));
    }

    Properties client = config.kafka().clientProperties();
    DeadLetter deadLetter = readExactly(client, Topics.UNPREFIXED.deadLetters(), DeadLetter.class,
        d -> miskeyed.equals(d.getKey()), 1).get(0);
    assertThat(deadLetter.getTopic()).isEqualTo(Topics.UNPREFIXED.findings());
    assertThat(deadLetter.getReason()).contains("a finding keyed '" + miskeyed + "' on the findings topic, not by"
        + " its resource");
    assertThat(readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class,
        d -> d.getFinding().getResource().getId().endsWith(next), 1)).hasSize(1);
    assertThat(readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class,
        d -> d.getFinding().getResource().getId().endsWith(miskeyed), 0)).isEmpty();
  }

  @Test
  void aRawEventOfAlmostAMegabyteIsDeadLetteredTruncatedAndTheNextEventDecided() throws Exception {
    // The bucket name appears twice in the event (finding id and resource id): about 900 KB in all.
    String hugeBucket = "huge-" + "a".repeat(450_000);
    String next = "next-raw-" + UUID.randomUUID().toString().substring(0, 8);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      String marker = "raw-" + UUID.randomUUID();
      producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), marker, SecurityHubEvents
          .publicBucket(ACCOUNT, hugeBucket, Instant.now()).getBytes(StandardCharsets.UTF_8))).get();
      producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), "next", SecurityHubEvents
          .publicBucket(ACCOUNT, next, Instant.now()).getBytes(StandardCharsets.UTF_8))).get();

      Properties client = config.kafka().clientProperties();
      DeadLetter deadLetter = readExactly(client, Topics.UNPREFIXED.deadLetters(), DeadLetter.class,
          d -> marker.equals(d.getKey()), 1).get(0);
      assertThat(deadLetter.getStage()).isEqualTo("normalize");
      assertThat(deadLetter.getPayloadSize()).isGreaterThan(900_000);
      assertThat(deadLetter.getPayload().remaining()).isLessThan(100_000);
      assertThat(readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class,
          d -> d.getFinding().getResource().getId().endsWith(next), 1)).hasSize(1);
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(config.kafka().clientProperties(), new StringSerializer(), new ByteArraySerializer());
  }

  private static void send(KafkaProducer<String, byte[]> producer, Finding finding) throws Exception {
    producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findings(), RecordKeys.resource(finding.getResource()),
        AvroSerde.of(Finding.class).serializer().serialize(Topics.UNPREFIXED.findings(), finding))).get();
  }
}
