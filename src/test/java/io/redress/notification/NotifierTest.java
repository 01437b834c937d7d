package io.redress.notification;

import static io.redress.notification.TestNotifications.SECURITY_CONTACT;
import static io.redress.notification.TestNotifications.lesson;
import static org.assertj.core.api.Assertions.assertThat;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.cache.TemplateLoader;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.Notification;
import io.redress.contract.Outcome;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class NotifierTest {

  private static final TopicPartition PARTITION = new TopicPartition(Topics.NOTIFICATIONS, 0);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final List<Message> delivered = new ArrayList<>();

  @Test
  void theNotifierReadsOnlyCommittedNotificationsInItsOwnGroup() {
    Map<String, Object> properties = Notifier.consumerProperties(
        new KafkaSettings(Optional.of("broker:9092"), "redress", Map.of("security.protocol", "SSL")));

    assertThat(properties)
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "redress-notifier")
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry("security.protocol", "SSL");
  }

  @Test
  void eachNotificationIsRenderedAndDelivered() {
    runOver(encoded(lesson("S3.8", Outcome.REMEDIATE)), encoded(lesson("S3.8", Outcome.DRY_RUN)));

    assertThat(delivered).extracting(Message::notificationId)
        .containsExactly("lesson-S3.8-REMEDIATE", "lesson-S3.8-DRY_RUN");
  }

  @Test
  void anUndecodableRecordIsSkippedAndTheNextOneDelivered() {
    runOver("not avro".getBytes(StandardCharsets.UTF_8), encoded(lesson("S3.8", Outcome.REMEDIATE)));

    assertThat(delivered).extracting(Message::notificationId).containsExactly("lesson-S3.8-REMEDIATE");
  }

  @Test
  void aTemplateFailureSkipsThatNotificationAndTheNextOneIsDelivered() {
    runOver(encoded(lesson("BROKEN.1", Outcome.REMEDIATE)), encoded(lesson("S3.8", Outcome.REMEDIATE)));

    assertThat(delivered).extracting(Message::notificationId).containsExactly("lesson-S3.8-REMEDIATE");
  }

  @Test
  void closingBeforeRunningReleasesTheConsumer() {
    Notifier notifier = notifier();

    notifier.close();

    assertThat(consumer.closed()).isTrue();
  }

  /** Runs the notifier on this thread over the given record values, then closes it from inside the next poll. */
  private void runOver(byte[]... values) {
    Notifier notifier = notifier();
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(PARTITION));
      for (int offset = 0; offset < values.length; offset++) {
        consumer.addRecord(new ConsumerRecord<>(Topics.NOTIFICATIONS, 0, offset, null, values[offset]));
      }
    });
    consumer.schedulePollTask(notifier::close);

    notifier.run();

    assertThat(consumer.closed()).as("the loop closes its consumer when it stops").isTrue();
  }

  /** The packaged templates, plus a lesson for BROKEN.1 that fails while rendering. */
  private Notifier notifier() {
    StringTemplateLoader broken = new StringTemplateLoader();
    broken.putTemplate("lessons/BROKEN.1/lesson.ftl", "Subject: broken\n${noSuchVariable}\n");
    TemplateLoader templates = new MultiTemplateLoader(new TemplateLoader[] {
        broken, new ClassTemplateLoader(NotifierTest.class, "/templates")});
    NotificationRenderer renderer = new NotificationRenderer(
        templates, new Recipients(CreatorLookup.findingActor(), SECURITY_CONTACT));
    return new Notifier(consumer, renderer, delivered::add);
  }

  private static byte[] encoded(Notification notification) {
    return AvroSerde.of(Notification.class).serializer().serialize(Topics.NOTIFICATIONS, notification);
  }
}
