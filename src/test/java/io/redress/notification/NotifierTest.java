package io.redress.notification;

import static io.redress.notification.TestNotifications.SECURITY_CONTACT;
import static io.redress.notification.TestNotifications.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.cache.TemplateLoader;
import io.redress.config.ConfigLoader;
import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.contract.DeliveryStatus;
import io.redress.contract.Finding;
import io.redress.contract.Notification;
import io.redress.contract.NotificationResult;
import io.redress.contract.Outcome;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.RecordLoop;
import io.redress.metrics.ProcessMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class NotifierTest {

  private static final TopicPartition PARTITION = new TopicPartition(Topics.UNPREFIXED.notifications(), 0);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<Message> delivered = new ArrayList<>();

  @Test
  void eachNotificationIsRenderedAndDelivered() {
    runOver(delivered::add, encoded(lesson("S3.8", Outcome.REMEDIATE)), encoded(lesson("S3.8", Outcome.DRY_RUN)));

    assertThat(delivered).extracting(Message::notificationId)
        .containsExactly("lesson-S3.8-REMEDIATE", "lesson-S3.8-DRY_RUN");
    assertThat(deadLetters()).isEmpty();
  }

  /** A lesson takes a template per form: a notifier whose channels read only text renders only text. */
  @Test
  void aLessonIsRenderedOnlyInTheFormsItsChannelsRead() {
    DeliveryChannel textOnly = new DeliveryChannel() {
      @Override
      public void deliver(Message message) {
        delivered.add(message);
      }

      @Override
      public Set<LessonForm> forms() {
        return Set.of(LessonForm.TEXT);
      }
    };

    runOver(textOnly, encoded(lesson("S3.8", Outcome.REMEDIATE)));

    assertThat(delivered).singleElement().satisfies(message -> {
      assertThat(message.body()).contains("S3.8");
      assertThat(message.html()).isNull();
      assertThat(message.slack()).isNull();
    });
  }

  @Test
  void anUndecodableRecordIsDeadLetteredAndTheNextOneDelivered() {
    runOver(delivered::add, "not avro".getBytes(StandardCharsets.UTF_8), encoded(lesson("S3.8", Outcome.REMEDIATE)));

    assertThat(delivered).extracting(Message::notificationId).containsExactly("lesson-S3.8-REMEDIATE");
    assertThat(deadLetters()).singleElement().satisfies(deadLetter -> {
      assertThat(deadLetter.getStage()).isEqualTo("notify");
      assertThat(deadLetter.getReason()).startsWith("cannot decode");
    });
  }

  @Test
  void aTemplateFailureDeadLettersThatNotificationAndTheNextOneIsDelivered() {
    runOver(delivered::add, encoded(lesson("BROKEN.1", Outcome.REMEDIATE)), encoded(lesson("S3.8", Outcome.REMEDIATE)));

    assertThat(delivered).extracting(Message::notificationId).containsExactly("lesson-S3.8-REMEDIATE");
    assertThat(deadLetters()).singleElement()
        .satisfies(deadLetter -> assertThat(deadLetter.getReason()).contains("BROKEN.1"));
  }

  @Test
  void aChannelThatKeepsFailingIsRetriedThenTheNotificationDeadLetteredAndTheNextOneTried() {
    List<String> attempts = new ArrayList<>();
    DeliveryChannel down = message -> {
      attempts.add(message.notificationId());
      throw new IllegalStateException("SMTP server refused the connection");
    };

    runOver(down, encoded(lesson("S3.8", Outcome.REMEDIATE)), encoded(lesson("S3.8", Outcome.DRY_RUN)));

    assertThat(attempts).containsExactly("lesson-S3.8-REMEDIATE", "lesson-S3.8-REMEDIATE",
        "lesson-S3.8-DRY_RUN", "lesson-S3.8-DRY_RUN");
    assertThat(deadLetters()).hasSize(2).allSatisfy(deadLetter ->
        assertThat(deadLetter.getReason()).startsWith("gave up after 2 attempts: delivering lesson-S3.8-")
            .contains("through console failed: IllegalStateException: SMTP server refused the connection"));
    assertThat(results()).extracting(NotificationResult::getNotificationId, NotificationResult::getStatus,
            NotificationResult::getAttempts)
        .containsExactly(tuple("lesson-S3.8-REMEDIATE", DeliveryStatus.FAILED, 2),
            tuple("lesson-S3.8-DRY_RUN", DeliveryStatus.FAILED, 2));
  }

  @Test
  void deliveriesAndFailuresAreCountedByChannelAndStatus() {
    try (ProcessMetrics metrics = new ProcessMetrics()) {
      DeliveryChannel refusesDryRuns = message -> {
        if (message.notificationId().endsWith("DRY_RUN")) {
          throw new IllegalStateException("down");
        }
      };
      runOver(refusesDryRuns, encoded(lesson("S3.8", Outcome.NOTIFY_ONLY)), encoded(lesson("S3.8", Outcome.DRY_RUN)));

      assertThat(metrics.registry().get("redress.notifications").tag("channel", "console")
          .tag("status", "DELIVERED").counter().count()).isEqualTo(1);
      assertThat(metrics.registry().get("redress.notifications").tag("channel", "console")
          .tag("status", "FAILED").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void eachDeliveryIsRecordedWithItsChannelAndRecipient() {
    runOver(delivered::add, encoded(lesson("S3.8", Outcome.NOTIFY_ONLY)));

    assertThat(results()).singleElement().satisfies(result -> {
      assertThat(result.getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(result.getChannel()).isEqualTo("console");
      assertThat(result.getRecipient()).isEqualTo("alice@example.com");
      assertThat(result.getControl()).isEqualTo("S3.8");
      assertThat(result.getAttempts()).isEqualTo(1);
      assertThat(result.getDecisionId()).isEqualTo(lesson("S3.8", Outcome.NOTIFY_ONLY).getDecision().getDecisionId());
    });
  }

  @Test
  void aChannelThatTookTheNotificationIsNotAskedAgainWhenAnotherFails() {
    List<String> mailed = new ArrayList<>();
    DeliveryChannel mail = message -> mailed.add(message.notificationId());
    DeliveryChannel chatDown = message -> {
      throw new IllegalStateException("Slack answered 503");
    };
    ChannelRegistry channels = new ChannelRegistry(Map.of("email", mail, "chat", chatDown),
        new io.redress.config.RedressConfig.Routes(null, null, null));

    runOver(notifier(channels), encoded(lesson("S3.8", Outcome.NOTIFY_ONLY)));

    assertThat(mailed).containsExactly("lesson-S3.8-NOTIFY_ONLY");
    assertThat(results()).extracting(NotificationResult::getChannel, NotificationResult::getStatus)
        .containsExactlyInAnyOrder(tuple("email", DeliveryStatus.DELIVERED), tuple("chat", DeliveryStatus.FAILED));
    assertThat(deadLetters()).singleElement()
        .satisfies(deadLetter -> assertThat(deadLetter.getReason()).contains("through chat failed"));
  }

  @Test
  void aChannelThatFailsOnceDeliversOnTheRetry() {
    List<Message> flaky = new ArrayList<>();
    DeliveryChannel failsFirst = message -> {
      flaky.add(message);
      if (flaky.size() == 1) {
        throw new IllegalStateException("timed out");
      }
    };

    runOver(failsFirst, encoded(lesson("S3.8", Outcome.REMEDIATE)));

    assertThat(flaky).hasSize(2);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void aCreatorIndexTheBrokerDoesNotServeSendsTheLessonToTheSecurityContactInsteadOfDeadLetteringIt() {
    TopicPartition cloudTrail = new TopicPartition(Topics.UNPREFIXED.cloudTrail(), 0);
    MockConsumer<byte[], byte[]> indexConsumer = new MockConsumer<>("earliest") {
      @Override
      public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        throw new TimeoutException("Failed to get offsets by times in 30000ms");
      }
    };
    indexConsumer.updatePartitions(Topics.UNPREFIXED.cloudTrail(),
        List.of(new PartitionInfo(Topics.UNPREFIXED.cloudTrail(), 0, null, null, null)));
    indexConsumer.updateBeginningOffsets(Map.of(cloudTrail, 0L));
    CreatorIndex index = new CreatorIndex(indexConsumer, Topics.UNPREFIXED.cloudTrail(), CreatorIndex.CATCH_UP_LIMIT);
    NotificationRenderer renderer = new NotificationRenderer(new ClassTemplateLoader(NotifierTest.class, "/templates"),
        new Recipients(CreatorLookup.findingActor().then(index), SECURITY_CONTACT, java.util.Optional.of("example.com")));

    runOver(new Notifier(consumer, producer, renderer, ChannelRegistry.of("console", delivered::add), false,
            Topics.UNPREFIXED, new RecordLoop.Retry(2, Duration.ZERO)),
        encoded(lesson(TestNotifications.finding("S3.8").setActor(null).build(), Outcome.NOTIFY_ONLY)));

    assertThat(delivered).extracting(Message::recipient).containsExactly(SECURITY_CONTACT);
    assertThat(deadLetters()).isEmpty();
  }

  /** An owner tag can name any address; configured recipient domains keep the lesson with the security contact. */
  @Test
  void aLessonWhoseOwnerTagNamesAnAddressOutsideTheRecipientDomainsIsDeliveredToTheSecurityContactNamingIt() {
    NotificationRenderer renderer = new NotificationRenderer(ConfigLoader.fromYaml("""
        notifications:
          security-contact: security@example.com
          recipient-domains: [example.com]
        """, Map.of()).notifications());
    Finding.Builder tagged = TestNotifications.finding("S3.8").setActor(null);
    tagged.getResource().setTags(Map.of("owner", "mallory@attacker.example"));

    runOver(new Notifier(consumer, producer, renderer, ChannelRegistry.of("console", delivered::add), false,
            Topics.UNPREFIXED, new RecordLoop.Retry(2, Duration.ZERO)),
        encoded(lesson(tagged.build(), Outcome.NOTIFY_ONLY)));

    assertThat(delivered).singleElement().satisfies(message -> {
      assertThat(message.recipient()).isEqualTo(SECURITY_CONTACT);
      assertThat(message.body()).contains("mallory@attacker.example (because the resource's owner tag names its owner)");
    });
    assertThat(results()).extracting(NotificationResult::getRecipient).containsOnly(SECURITY_CONTACT);
  }

  @Test
  void aLessonTheStopCutShortIsLeftForTheNextOwnerWithThoseAfterItNoneOfThemMailedHere() {
    List<String> attempts = new ArrayList<>();
    AtomicReference<Notifier> notifier = new AtomicReference<>();
    notifier.set(notifier(message -> {
      attempts.add(message.notificationId());
      notifier.get().close();
      Thread.currentThread().interrupt(); // as the stop interrupts a lesson still in hand
      throw new IllegalStateException("interrupted while talking to the mail server");
    }));

    runOver(notifier.get(), encoded(lesson("S3.8", Outcome.REMEDIATE)), encoded(lesson("S3.8", Outcome.DRY_RUN)));

    assertThat(attempts).as("one lesson at a time: none after the one cut short was sent")
        .containsExactly("lesson-S3.8-REMEDIATE");
    assertThat(producer.history()).as("neither a result nor a dead letter").isEmpty();
    assertThat(producer.consumerGroupOffsetsHistory()).as("no offset committed").isEmpty();
  }

  @Test
  void closingBeforeRunningReleasesTheConsumer() {
    Notifier notifier = notifier(delivered::add);

    notifier.close();

    assertThat(consumer.closed()).isTrue();
  }

  /** Runs the notifier on this thread over the given record values, then closes it from inside the next poll. */
  private void runOver(DeliveryChannel channel, byte[]... values) {
    runOver(notifier(channel), values);
  }

  private void runOver(Notifier notifier, byte[]... values) {
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      for (int offset = 0; offset < values.length; offset++) {
        consumer.addRecord(new ConsumerRecord<>(Topics.UNPREFIXED.notifications(), 0, offset, null, values[offset]));
      }
    });
    consumer.schedulePollTask(notifier::close);

    notifier.run();

    assertThat(consumer.closed()).as("the loop closes its consumer when it stops").isTrue();
  }

  /** The packaged templates, plus a lesson for BROKEN.1 that fails while rendering. */
  private Notifier notifier(DeliveryChannel channel) {
    return notifier(ChannelRegistry.of("console", channel));
  }

  /** With digests disabled: every lesson is sent here, at once. */
  private Notifier notifier(ChannelRegistry channels) {
    StringTemplateLoader broken = new StringTemplateLoader();
    broken.putTemplate("lessons/BROKEN.1/lesson.ftl", "Subject: broken\n${noSuchVariable}\n");
    TemplateLoader templates = new MultiTemplateLoader(new TemplateLoader[] {
        broken, new ClassTemplateLoader(NotifierTest.class, "/templates")});
    NotificationRenderer renderer = new NotificationRenderer(
        templates, new Recipients(CreatorLookup.findingActor(), SECURITY_CONTACT, java.util.Optional.of("example.com")));
    return new Notifier(consumer, producer, renderer, channels, false, Topics.UNPREFIXED, new RecordLoop.Retry(2, Duration.ZERO));
  }

  private List<DeadLetter> deadLetters() {
    return producer.history().stream()
        .filter(record -> record.topic().equals(Topics.UNPREFIXED.deadLetters()))
        .map(record -> AvroSerde.of(DeadLetter.class).deserializer().deserialize(Topics.UNPREFIXED.deadLetters(), record.value()))
        .toList();
  }

  private List<NotificationResult> results() {
    return producer.history().stream()
        .filter(record -> record.topic().equals(Topics.UNPREFIXED.notificationResults()))
        .map(record -> AvroSerde.of(NotificationResult.class).deserializer()
            .deserialize(Topics.UNPREFIXED.notificationResults(), record.value()))
        .toList();
  }

  private static byte[] encoded(Notification notification) {
    return AvroSerde.of(Notification.class).serializer().serialize(Topics.UNPREFIXED.notifications(), notification);
  }
}
