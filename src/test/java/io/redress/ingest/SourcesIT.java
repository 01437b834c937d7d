package io.redress.ingest;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.Outcome;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Every source format, as a producer would send it, reaches a decision on a real broker under exactly-once. */
class SourcesIT {

  private static final List<String> FIXTURES = List.of("securityhub-custom-action.json",
      "securityhub-v2-findings-imported.json", "config-compliance-change-noncompliant.json",
      "config-compliance-change-compliant.json", "guardduty-finding-access-key.json",
      "guardduty-finding-s3-block-public-access-disabled.json", "guardduty-asff-through-security-hub.json",
      "prowler-ocsf.json", "webhook-redress.json", "webhook-wiz-issue.json");

  @Test
  void everyFindingOfEveryFormatGetsExactlyOneDecision() throws Exception {
    RedressConfig config = ConfigLoader.fromYaml("kafka: {application-id: redress-sources-%s}"
        .formatted(UUID.randomUUID()), Map.of()).withBootstrapServers(TestBroker.bootstrapServers());
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    List<String> expected = new ArrayList<>();
    for (String fixture : FIXTURES) {
      SourceFixtures.read(fixture).stream().map(Finding::getFindingId).forEach(expected::add);
    }
    Set<String> ids = Set.copyOf(expected);

    StreamsRole streams = new StreamsRole(config, RemediationCatalogue.discover(),
        Files.createTempDirectory("redress-sources"), () -> true, reason -> { });
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().clientProperties(),
        new StringSerializer(), new ByteArraySerializer())) {
      streams.start();
      assertThat(streams.awaitRunning(Duration.ofSeconds(90))).as("topology running").isTrue();
      for (String fixture : FIXTURES) {
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), fixture,
            SourceFixtures.text(fixture).getBytes(StandardCharsets.UTF_8))).get();
      }
      List<Decision> decisions = readExactly(config.kafka().clientProperties(), Topics.UNPREFIXED.decisions(), Decision.class,
          decision -> ids.contains(decision.getFinding().getFindingId()), expected.size());

      assertThat(decisions).extracting(decision -> decision.getFinding().getFindingId())
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(decisions).filteredOn(decision -> decision.getFinding().getProduct().equals("GuardDuty")
              && decision.getFinding().getControl() == null)
          .isNotEmpty().extracting(Decision::getOutcome).containsOnly(Outcome.NOTIFY_ONLY);
    } finally {
      streams.close();
    }
  }
}
