package io.redress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.DeliveryStatus;
import io.redress.contract.NotificationResult;
import io.redress.contract.TrainingFigure;
import io.redress.ingest.FindingNormalizer;
import io.redress.kafka.AvroSerde;
import io.redress.remediation.RemediationCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Repeat offenders on redress.training-stats, counted by the production topology from delivery results. */
class TrainingStatsTopologyTest {

  private static final Instant START = Instant.parse("2026-11-01T09:00:00Z");
  private static final String ALICE = "alice@example.com";

  private TopologyTestDriver driver;
  private TestInputTopic<String, NotificationResult> results;
  private TestOutputTopic<String, TrainingFigure> stats;

  @BeforeEach
  void start() throws IOException {
    RedressConfig config = ConfigLoader.fromYaml("notifications: {security-contact: soc@example.com}", Map.of());
    driver = new TopologyTestDriver(RedressTopology.build(config, RemediationCatalogue.discover(),
            FindingNormalizer.withBundledMappings(config.ingest().maxRecordBytes()), () -> START.plusSeconds(3600)),
        StreamsRole.properties(config.withBootstrapServers("unused:9092"),
            Files.createTempDirectory("redress-training-test")), START);
    results = driver.createInputTopic(Topics.UNPREFIXED.notificationResults(), Serdes.String().serializer(),
        AvroSerde.of(NotificationResult.class).serializer());
    stats = driver.createOutputTopic(Topics.UNPREFIXED.trainingStats(), Serdes.String().deserializer(),
        AvroSerde.of(TrainingFigure.class).deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void theSameCreatorCausingTheSameControlAgainAfterALessonIsARepeatKeyedByCreatorAndControl() {
    deliver("lesson-1", "email", ALICE, "S3.8");
    deliver("lesson-2", "email", ALICE, "S3.8");

    var figures = stats.readKeyValuesToList();
    assertThat(figures).extracting(figure -> figure.key).containsOnly("alice@example.com|S3.8");
    assertThat(figures).extracting(figure -> figure.value.getLessons(), figure -> figure.value.getRepeats())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0), org.assertj.core.groups.Tuple.tuple(2, 1));
    assertThat(figures.get(1).value.getLastLessonAt()).isEqualTo(START.plusSeconds(1));
  }

  @Test
  void aLessonCarriedByTwoChannelsOrDeliveredAgainCountsOnce() {
    deliver("lesson-1", "email", ALICE, "S3.8");
    deliver("lesson-1", "chat", ALICE, "S3.8");
    deliver("lesson-1", "email", ALICE, "S3.8");

    assertThat(stats.readValuesToList()).singleElement()
        .satisfies(figure -> assertThat(figure.getLessons()).isEqualTo(1));
  }

  @Test
  void aHeldCommandsLessonAndItsLessonAfterReleaseAreOneLessonOfOneDecision() {
    deliverAbout("decision-1", "lesson-held", ALICE, "S3.8");
    deliverAbout("decision-1", "lesson-after-release", ALICE, "S3.8");
    deliverAbout("decision-2", "lesson-next-time", ALICE, "S3.8");

    assertThat(stats.readValuesToList())
        .extracting(TrainingFigure::getLessons, TrainingFigure::getRepeats)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0), org.assertj.core.groups.Tuple.tuple(2, 1));
  }

  @Test
  void eachControlAndEachCreatorHasAFigureOfItsOwn() {
    deliver("lesson-1", "email", ALICE, "S3.8");
    deliver("lesson-2", "email", ALICE, "EC2.19");
    deliver("lesson-3", "email", "bob@example.com", "S3.8");

    assertThat(stats.readKeyValuesToMap()).containsOnlyKeys(
        "alice@example.com|S3.8", "alice@example.com|EC2.19", "bob@example.com|S3.8");
  }

  @Test
  void lessonsToTheSecurityContactFailedDeliveriesAndAlertsTeachNoCreator() {
    deliver("lesson-1", "email", "SOC@example.com", "S3.8");
    NotificationResult failed = result("lesson-2", "email", ALICE, "S3.8");
    failed.setStatus(DeliveryStatus.FAILED);
    results.pipeInput(failed.getNotificationId(), failed, START);
    deliver("breaker-1", "email", ALICE, null);

    assertThat(stats.isEmpty()).isTrue();
  }

  private int sent;

  private void deliver(String lesson, String channel, String recipient, String control) {
    results.pipeInput(lesson, result(lesson, channel, recipient, control), START.plusSeconds(sent++));
  }

  private void deliverAbout(String decision, String lesson, String recipient, String control) {
    NotificationResult result = result(lesson, "email", recipient, control);
    result.setDecisionId(decision);
    results.pipeInput(lesson, result, START.plusSeconds(sent++));
  }

  private static NotificationResult result(String lesson, String channel, String recipient, String control) {
    return NotificationResult.newBuilder().setNotificationId(lesson).setChannel(channel).setRecipient(recipient)
        .setStatus(DeliveryStatus.DELIVERED).setAttempts(1).setControl(control).setDeliveredAt(Instant.EPOCH).build();
  }
}
