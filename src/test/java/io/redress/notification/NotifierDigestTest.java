package io.redress.notification;

import static io.redress.notification.TestNotifications.SECURITY_CONTACT;
import static io.redress.notification.TestNotifications.finding;
import static io.redress.notification.TestNotifications.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.cache.TemplateLoader;
import io.redress.config.RedressConfig.Routes;
import io.redress.config.Topics;
import io.redress.contract.AddressedLesson;
import io.redress.contract.DeadLetter;
import io.redress.contract.DeliveryStatus;
import io.redress.contract.DueLessons;
import io.redress.contract.FindingKind;
import io.redress.contract.Notification;
import io.redress.contract.NotificationResult;
import io.redress.contract.Outcome;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.RecordLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** With digests enabled: which lessons the notifier hands to the digest step, and how released lessons are sent. */
class NotifierDigestTest {

  private static final TopicPartition NOTIFICATIONS = new TopicPartition(Topics.UNPREFIXED.notifications(), 0);
  private static final TopicPartition DUE = new TopicPartition(Topics.UNPREFIXED.lessonsDue(), 0);
  private static final String ALICE = "alice@example.com";

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<Message> mailed = new ArrayList<>();
  private final List<Message> chatted = new ArrayList<>();

  @Test
  void aCreatorsLessonGoesToTheDigestStepKeyedByItsRecipientInsteadOfBeingSent() {
    run(List.of(encoded(lesson("S3.8", Outcome.NOTIFY_ONLY))), List.of());

    assertThat(mailed).isEmpty();
    assertThat(addressed()).singleElement().satisfies(record -> {
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(ALICE);
      AddressedLesson lesson = decode(record.value());
      assertThat(lesson.getRecipient()).isEqualTo(ALICE);
      assertThat(lesson.getCreatorFoundBy()).isEqualTo("the finding names who made the change");
      assertThat(lesson.getNotification().getNotificationId()).isEqualTo("lesson-S3.8-NOTIFY_ONLY");
    });
    assertThat(results()).as("recorded once it is sent").isEmpty();
  }

  @Test
  void threatsHeldCommandsAndLessonsForTheSecurityContactAreSentAtOnce() {
    Notification threat = lesson(finding("GuardDuty.1").setKind(FindingKind.THREAT).build(), Outcome.NOTIFY_ONLY);
    Notification held = lesson("S3.8", Outcome.HELD);
    Notification unknownCreator = lesson(finding("S3.2").setActor(null).build(), Outcome.NOTIFY_ONLY);

    run(List.of(encoded(threat), encoded(held), encoded(unknownCreator)), List.of());

    assertThat(mailed).extracting(Message::notificationId, Message::recipient).containsExactly(
        tuple(threat.getNotificationId(), SECURITY_CONTACT), tuple(held.getNotificationId(), ALICE),
        tuple(unknownCreator.getNotificationId(), SECURITY_CONTACT));
    assertThat(addressed()).isEmpty();
  }

  @Test
  void aLessonThatCannotBeRenderedIsDeadLetteredRatherThanCollectedIntoADigest() {
    run(List.of(encoded(lesson("BROKEN.1", Outcome.NOTIFY_ONLY))), List.of());

    assertThat(addressed()).isEmpty();
    assertThat(deadLetters()).singleElement()
        .satisfies(deadLetter -> assertThat(deadLetter.getReason()).contains("BROKEN.1"));
  }

  @Test
  void aReleasedLessonGoesAloneToItsAddressedRecipient() {
    DueLessons one = DueLessons.newBuilder().setDeliveryId("lesson-S3.8-NOTIFY_ONLY").setRecipient("carol@example.com")
        .setLessons(List.of(addressedTo("carol@example.com", lesson("S3.8", Outcome.NOTIFY_ONLY)))).build();

    run(List.of(), List.of(encoded(one)));

    assertThat(mailed).singleElement().satisfies(message -> {
      assertThat(message.recipient()).as("not looked up again").isEqualTo("carol@example.com");
      assertThat(message.notificationId()).isEqualTo("lesson-S3.8-NOTIFY_ONLY");
      assertThat(message.subject()).startsWith("[Redress] S3.8 on ");
    });
    assertThat(results()).singleElement().satisfies(result -> assertThat(result.getDigestId()).isNull());
  }

  @Test
  void aDigestIsOneMessageThroughEveryChannelItsLessonsRouteToAndEachLessonIsRecordedWithIt() {
    Notification bucket = lesson("S3.8", Outcome.NOTIFY_ONLY);
    Notification group = lesson(finding("EC2.19").build(), Outcome.NOTIFY_ONLY);
    DueLessons digest = DueLessons.newBuilder().setDeliveryId("digest-1").setRecipient(ALICE)
        .setLessons(List.of(addressedTo(ALICE, bucket), addressedTo(ALICE, group)))
        .setWindowStart(Instant.parse("2026-11-01T09:00:00Z")).setWindowEnd(Instant.parse("2026-11-01T10:00:00Z"))
        .build();

    run(List.of(), List.of(encoded(digest)));

    assertThat(mailed).singleElement().satisfies(message -> {
      assertThat(message.notificationId()).isEqualTo("digest-1");
      assertThat(message.recipient()).isEqualTo(ALICE);
      assertThat(message.subject()).isEqualTo(
          "[Redress] 2 lessons about resources you created or changed (S3.8, EC2.19)");
    });
    assertThat(chatted).as("EC2.19 routes to chat too").hasSize(1);
    assertThat(results()).extracting(NotificationResult::getNotificationId, NotificationResult::getDecisionId)
        .containsOnly(tuple(bucket.getNotificationId(), bucket.getDecision().getDecisionId()),
            tuple(group.getNotificationId(), group.getDecision().getDecisionId()));
    assertThat(results()).extracting(NotificationResult::getNotificationId, NotificationResult::getChannel,
            NotificationResult::getControl, NotificationResult::getDigestId, NotificationResult::getStatus)
        .containsExactlyInAnyOrder(
            tuple(bucket.getNotificationId(), "email", "S3.8", "digest-1", DeliveryStatus.DELIVERED),
            tuple(bucket.getNotificationId(), "chat", "S3.8", "digest-1", DeliveryStatus.DELIVERED),
            tuple(group.getNotificationId(), "email", "EC2.19", "digest-1", DeliveryStatus.DELIVERED),
            tuple(group.getNotificationId(), "chat", "EC2.19", "digest-1", DeliveryStatus.DELIVERED));
  }

  private static AddressedLesson addressedTo(String recipient, Notification lesson) {
    return AddressedLesson.newBuilder().setRecipient(recipient)
        .setCreatorFoundBy("the finding names who made the change").setNotification(lesson).build();
  }

  /** Email for everything; EC2.19 also to chat. */
  private void run(List<byte[]> notifications, List<byte[]> due) {
    ChannelRegistry channels = new ChannelRegistry(Map.of("email", mailed::add, "chat", chatted::add),
        new Routes(Map.of("EC2.19", List.of("email", "chat")), null, List.of("email")));
    StringTemplateLoader broken = new StringTemplateLoader();
    broken.putTemplate("lessons/BROKEN.1/lesson.ftl", "${noSuchVariable}\n");
    TemplateLoader templates = new MultiTemplateLoader(new TemplateLoader[] {
        broken, new ClassTemplateLoader(NotifierDigestTest.class, "/templates")});
    NotificationRenderer renderer = new NotificationRenderer(
        templates, new Recipients(CreatorLookup.findingActor(), SECURITY_CONTACT, Optional.of("example.com")));
    Notifier notifier = new Notifier(consumer, producer, renderer, channels, true, Topics.UNPREFIXED,
        new RecordLoop.Retry(2, Duration.ZERO));
    consumer.updateBeginningOffsets(Map.of(NOTIFICATIONS, 0L, DUE, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(NOTIFICATIONS, DUE));
      for (int offset = 0; offset < notifications.size(); offset++) {
        consumer.addRecord(new ConsumerRecord<>(Topics.UNPREFIXED.notifications(), 0, offset, null, notifications.get(offset)));
      }
      for (int offset = 0; offset < due.size(); offset++) {
        consumer.addRecord(new ConsumerRecord<>(Topics.UNPREFIXED.lessonsDue(), 0, offset, null, due.get(offset)));
      }
    });
    consumer.schedulePollTask(notifier::close);
    notifier.run();
  }

  private List<ProducerRecord<byte[], byte[]>> addressed() {
    return producer.history().stream().filter(record -> record.topic().equals(Topics.UNPREFIXED.lessonsAddressed())).toList();
  }

  private static AddressedLesson decode(byte[] value) {
    return AvroSerde.of(AddressedLesson.class).deserializer().deserialize(Topics.UNPREFIXED.lessonsAddressed(), value);
  }

  private List<DeadLetter> deadLetters() {
    return producer.history().stream().filter(record -> record.topic().equals(Topics.UNPREFIXED.deadLetters()))
        .map(record -> AvroSerde.of(DeadLetter.class).deserializer().deserialize(Topics.UNPREFIXED.deadLetters(), record.value()))
        .toList();
  }

  private List<NotificationResult> results() {
    return producer.history().stream().filter(record -> record.topic().equals(Topics.UNPREFIXED.notificationResults()))
        .map(record -> AvroSerde.of(NotificationResult.class).deserializer()
            .deserialize(Topics.UNPREFIXED.notificationResults(), record.value()))
        .toList();
  }

  private static byte[] encoded(Notification notification) {
    return AvroSerde.of(Notification.class).serializer().serialize(Topics.UNPREFIXED.notifications(), notification);
  }

  private static byte[] encoded(DueLessons due) {
    return AvroSerde.of(DueLessons.class).serializer().serialize(Topics.UNPREFIXED.lessonsDue(), due);
  }
}
