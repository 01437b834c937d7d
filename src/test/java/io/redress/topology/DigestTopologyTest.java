package io.redress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.AddressedLesson;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.DueLessons;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Notification;
import io.redress.contract.NotificationKind;
import io.redress.contract.Outcome;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import io.redress.ingest.FindingNormalizer;
import io.redress.kafka.AvroSerde;
import io.redress.remediation.RemediationCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Digest, not spam, in the production topology: lessons addressed by the notifier are released at once or collected
 * per recipient until their window ends. Times are the records' (the broker's); window ends are noticed on the wall
 * clock.
 */
class DigestTopologyTest {

  private static final Instant START = Instant.parse("2026-11-01T09:00:00Z");
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";
  private static final String CAROL = "carol@example.com";
  /** The single-object marker and a schema fingerprint this version does not know. */
  private static final byte[] WRITTEN_BY_ANOTHER_VERSION = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};

  private TopologyTestDriver driver;
  private TestInputTopic<String, AddressedLesson> addressed;
  private TestOutputTopic<String, DueLessons> due;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  private void start(int atOnce) throws IOException {
    RedressConfig config = ConfigLoader.fromYaml("notifications: {digest: {window: PT1H, at-once: " + atOnce + "}}",
        Map.of());
    driver = new TopologyTestDriver(RedressTopology.build(config, RemediationCatalogue.discover(),
            FindingNormalizer.withBundledMappings(config.ingest().maxRecordBytes()), () -> START.plus(Duration.ofDays(1))),
        StreamsRole.properties(config.withBootstrapServers("unused:9092"),
            Files.createTempDirectory("redress-digest-test")), START);
    addressed = driver.createInputTopic(Topics.UNPREFIXED.lessonsAddressed(), Serdes.String().serializer(),
        AvroSerde.of(AddressedLesson.class).serializer());
    due = driver.createOutputTopic(Topics.UNPREFIXED.lessonsDue(), Serdes.String().deserializer(),
        AvroSerde.of(DueLessons.class).deserializer());
    deadLetters = driver.createOutputTopic(Topics.UNPREFIXED.deadLetters(), Serdes.String().deserializer(),
        AvroSerde.of(DeadLetter.class).deserializer());
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void theFirstLessonOfAWindowGoesAtOnceAndTheRestGoAsOneDigestWhenTheWindowEnds() throws IOException {
    start(1);

    send(ALICE, "S3.8", START);
    assertThat(due.readValuesToList()).singleElement().satisfies(lesson -> {
      assertThat(lesson.getDeliveryId()).isEqualTo("lesson-S3.8-" + START.toEpochMilli());
      assertThat(lesson.getWindowStart()).isNull();
    });
    send(ALICE, "S3.2", START.plusSeconds(60));
    send(ALICE, "EC2.19", START.plusSeconds(120));
    assertThat(due.isEmpty()).as("the rest of the window waits").isTrue();

    driver.advanceWallClockTime(WINDOW);

    List<DueLessons> released = due.readValuesToList();
    assertThat(released).singleElement().satisfies(digest -> {
      assertThat(digest.getRecipient()).isEqualTo(ALICE);
      assertThat(digest.getLessons()).extracting(this::control).containsExactly("S3.2", "EC2.19");
      assertThat(digest.getWindowStart()).isEqualTo(START);
      assertThat(digest.getWindowEnd()).isEqualTo(START.plus(WINDOW));
      assertThat(digest.getDeliveryId()).startsWith("digest-");
    });
  }

  @Test
  void aWindowEndsOnTheWallClockEvenWhenNoFurtherLessonArrivesAndNotAMomentBefore() throws IOException {
    start(1);
    send(ALICE, "S3.8", START);
    send(ALICE, "S3.2", START.plusSeconds(1));
    send(ALICE, "S3.1", START.plusSeconds(2));
    due.readValuesToList();

    driver.advanceWallClockTime(WINDOW.minusMillis(1));
    assertThat(due.isEmpty()).as("a millisecond before the end").isTrue();

    driver.advanceWallClockTime(Duration.ofMillis(1));
    assertThat(due.readValuesToList()).singleElement()
        .satisfies(digest -> assertThat(digest.getLessons()).hasSize(2));
  }

  @Test
  void aWindowIsReleasedWithinASecondOfItsEndThoughItDoesNotEndOnAWholeWindowFromTheStart() throws IOException {
    start(1);
    Instant later = START.plus(Duration.ofMinutes(30));
    driver.advanceWallClockTime(Duration.ofMinutes(30));
    send(ALICE, "S3.8", later);
    send(ALICE, "S3.2", later.plusSeconds(1));
    due.readValuesToList();
    driver.advanceWallClockTime(Duration.ofMinutes(30));
    assertThat(due.isEmpty()).as("half the window has passed").isTrue();

    driver.advanceWallClockTime(Duration.ofMinutes(30).plusSeconds(1));

    assertThat(due.readValuesToList()).as("released a second after its end, not at START plus two windows")
        .singleElement().satisfies(released -> assertThat(released.getLessons()).extracting(this::control)
            .containsExactly("S3.2"));
  }

  @Test
  void aLessonExactlyAtTheWindowEndBelongsToTheNextWindow() throws IOException {
    start(1);
    send(ALICE, "S3.8", START);
    send(ALICE, "S3.2", START.plus(WINDOW).minusMillis(1));
    due.readValuesToList();

    send(ALICE, "S3.1", START.plus(WINDOW));

    List<DueLessons> released = due.readValuesToList();
    assertThat(released).extracting(lessons -> control(lessons.getLessons().get(0)))
        .as("the ended window's one collected lesson, then the next window's first, at once")
        .containsExactly("S3.2", "S3.1");
    assertThat(released).allSatisfy(lessons -> assertThat(lessons.getLessons()).hasSize(1));
    assertThat(released.get(0).getDeliveryId()).as("one collected lesson goes as itself")
        .isEqualTo(released.get(0).getLessons().get(0).getNotification().getNotificationId());
  }

  @Test
  void eachRecipientHasAWindowOfTheirOwn() throws IOException {
    start(1);
    send(ALICE, "S3.8", START);
    send(BOB, "S3.8", START.plusSeconds(1));
    send(ALICE, "S3.2", START.plusSeconds(2));
    send(BOB, "S3.2", START.plusSeconds(3));
    send(ALICE, "S3.1", START.plusSeconds(4));
    send(BOB, "S3.1", START.plusSeconds(5));
    assertThat(due.readValuesToList()).extracting(DueLessons::getRecipient).containsExactly(ALICE, BOB);

    driver.advanceWallClockTime(WINDOW.plusSeconds(5));

    assertThat(due.readKeyValuesToList()).hasSize(2).allSatisfy(digest -> {
      assertThat(digest.key).isEqualTo(digest.value.getRecipient());
      assertThat(digest.value.getLessons()).hasSize(2)
          .allSatisfy(lesson -> assertThat(lesson.getRecipient()).isEqualTo(digest.key));
    });
  }

  @Test
  void aFullDigestGoesOutAtOnceAndTheWindowCollectsOn() throws IOException {
    start(1);
    send(ALICE, "S3.8", START);
    for (int i = 1; i <= 26; i++) {
      send(ALICE, "S3." + (100 + i), START.plusSeconds(i));
    }

    List<DueLessons> released = due.readValuesToList();
    assertThat(released).hasSize(2);
    assertThat(released.get(1).getLessons()).as("the 25 collected lessons, before the window ends").hasSize(25);
    assertThat(released.get(1).getWindowEnd()).isEqualTo(START.plusSeconds(25));

    driver.advanceWallClockTime(WINDOW);
    assertThat(due.readValuesToList()).singleElement()
        .satisfies(rest -> assertThat(rest.getLessons()).extracting(this::control).containsExactly("S3.126"));
  }

  @Test
  void withNoLessonAtOnceTheFirstLessonWaitsForTheWindowToo() throws IOException {
    start(0);
    send(ALICE, "S3.8", START);
    assertThat(due.isEmpty()).isTrue();

    driver.advanceWallClockTime(WINDOW);

    assertThat(due.readValuesToList()).singleElement()
        .satisfies(lesson -> assertThat(lesson.getLessons()).extracting(this::control).containsExactly("S3.8"));
  }

  @Test
  void aReleasedWindowIsForgottenSoTheNextLessonGoesAtOnce() throws IOException {
    start(1);
    send(ALICE, "S3.8", START);
    driver.advanceWallClockTime(WINDOW.multipliedBy(2));
    due.readValuesToList();

    send(ALICE, "S3.2", START.plus(WINDOW.multipliedBy(2)));

    assertThat(due.readValuesToList()).singleElement()
        .satisfies(lesson -> assertThat(control(lesson.getLessons().get(0))).isEqualTo("S3.2"));
  }

  @Test
  void aStoredWindowThatCannotBeReadIsDeadLetteredAndTheOtherWindowsAreStillReleased() throws IOException {
    start(1);
    send(ALICE, "S3.8", START);
    send(ALICE, "S3.2", START.plusSeconds(1));
    due.readValuesToList();
    storeWindowAsWritten(CAROL, WRITTEN_BY_ANOTHER_VERSION);

    driver.advanceWallClockTime(WINDOW);

    assertThat(due.readValuesToList()).singleElement().satisfies(digest -> {
      assertThat(digest.getRecipient()).isEqualTo(ALICE);
      assertThat(digest.getLessons()).extracting(this::control).containsExactly("S3.2");
    });
    assertThat(deadLetters.readKeyValuesToList()).singleElement().satisfies(dead -> {
      assertThat(dead.key).isEqualTo(CAROL);
      assertThat(dead.value.getStage()).isEqualTo("digest");
      assertThat(dead.value.getReason()).contains("neither this version's nor a released one");
      assertThat(dead.value.getPayload().array()).isEqualTo(WRITTEN_BY_ANOTHER_VERSION);
    });

    driver.advanceWallClockTime(WINDOW);
    assertThat(deadLetters.isEmpty()).as("the unreadable window was dropped, once").isTrue();
  }

  @Test
  void aLessonToARecipientWhoseStoredWindowCannotBeReadStartsAFreshWindow() throws IOException {
    start(1);
    storeWindowAsWritten(CAROL, WRITTEN_BY_ANOTHER_VERSION);

    send(CAROL, "S3.8", START);

    assertThat(due.readValuesToList()).singleElement()
        .satisfies(lesson -> assertThat(control(lesson.getLessons().get(0))).isEqualTo("S3.8"));
    assertThat(deadLetters.readValuesToList()).singleElement()
        .satisfies(dead -> assertThat(dead.getPayload().array()).isEqualTo(WRITTEN_BY_ANOTHER_VERSION));
  }

  /** Into the store beneath its serde, as a restore from the changelog would put it. */
  @SuppressWarnings("unchecked")
  private void storeWindowAsWritten(String recipient, byte[] window) {
    ((WrappedStateStore<KeyValueStore<Bytes, byte[]>, ?, ?>) (Object) driver.getKeyValueStore(
        RedressTopology.DIGEST_WINDOWS_STORE)).wrapped().put(Bytes.wrap(recipient.getBytes(StandardCharsets.UTF_8)), window);
  }

  private void send(String recipient, String control, Instant brokerTime) {
    addressed.pipeInput(recipient, AddressedLesson.newBuilder().setRecipient(recipient)
        .setCreatorFoundBy("the finding names who made the change")
        .setNotification(lesson(control, brokerTime)).build(), brokerTime);
  }

  private String control(AddressedLesson lesson) {
    return lesson.getNotification().getDecision().getFinding().getControl();
  }

  private static Notification lesson(String control, Instant at) {
    Finding finding = Finding.newBuilder().setFindingId("finding-" + control).setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub").setRuleId(control).setControl(control).setTitle("title of " + control)
        .setSeverity(Severity.HIGH).setCompliance(ComplianceStatus.FAILED).setActive(true)
        .setResource(Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::bucket-" + control)
            .setAccount("111122223333").setRegion("us-east-1").build())
        .setObservedAt(at).setReceivedAt(at).build();
    return Notification.newBuilder().setNotificationId("lesson-" + control + "-" + at.toEpochMilli())
        .setKind(NotificationKind.LESSON)
        .setDecision(Decision.newBuilder().setDecisionId("decision-" + control).setFinding(finding)
            .setOutcome(Outcome.NOTIFY_ONLY).setReason("notify only").setDecidedAt(at).build())
        .setCreatedAt(at).build();
  }
}
