package io.redress.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Resource;
import io.redress.contract.Scope;
import io.redress.kafka.AvroSerde;
import io.redress.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The executor's exception list against a real broker. */
class ExceptionListIT {

  private static final Resource BUCKET = Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::site")
      .setAccount("111122223333").setRegion("us-east-1").setTags(Map.of()).build();
  private static final Scope TAG_SCOPE = new Scope(null, null, null, null, "redress:exempt=true");
  private static final String TAG_KEY = ExceptionScope.of(TAG_SCOPE).key();

  /** With no topic to read, the executor must not act as if nobody had excepted anything. */
  @Test
  void aListWhoseTopicDoesNotExistCannotBeReadRatherThanEmpty() {
    RedressConfig config = ConfigLoader.fromYaml("kafka: {topic-prefix: missing-" + UUID.randomUUID() + ".}", Map.of())
        .withBootstrapServers(TestBroker.bootstrapServers());
    try (ExceptionList exceptions = new ExceptionList(config.kafka())) {
      exceptions.refresh();

      assertThatThrownBy(() -> exceptions.match(BUCKET, List.of("S3.8"), Instant.now()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(config.kafka().topics().exceptions() + " does not exist");
      exceptions.refresh();
      assertThat(exceptions).as("asked again at the next poll, still refused")
          .satisfies(list -> assertThatThrownBy(() -> list.match(BUCKET, List.of("S3.8"), Instant.now()))
              .isInstanceOf(IllegalStateException.class));
    }
  }

  /** A partition added to the topic after the list was first read holds exceptions like any other. */
  @Test
  void anExceptionPublishedOnAPartitionAddedLaterStopsCommands() throws Exception {
    KafkaSettings kafka = withNewTopic();
    String topic = kafka.topics().exceptions();
    try (ExceptionList exceptions = new ExceptionList(kafka); Admin admin = Admin.create(kafka.clientConfig())) {
      exceptions.refresh();
      assertThat(exceptions.match(BUCKET, List.of("S3.8"), Instant.now()).inForce()).isEmpty();

      admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();
      publish(kafka, 1, key(), value(exception()));
      exceptions.refresh();

      assertThat(exceptions.match(BUCKET, List.of("S3.8"), Instant.now()).inForce()).isPresent();
    }
  }

  /** What an exception that cannot be decoded excepts is unknown: nothing acts until it is replaced or revoked. */
  @Test
  void anExceptionThatCannotBeDecodedMakesTheListUnreadableUntilItIsRevoked() throws Exception {
    KafkaSettings kafka = withNewTopic();
    try (ExceptionList exceptions = new ExceptionList(kafka)) {
      publish(kafka, 0, key(), "not avro".getBytes(StandardCharsets.UTF_8));
      exceptions.refresh();

      assertThatThrownBy(() -> exceptions.match(BUCKET, List.of("S3.8"), Instant.now()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot be decoded").hasMessageContaining(key());

      publish(kafka, 0, key(), null);
      exceptions.refresh();
      assertThat(exceptions.match(BUCKET, List.of("S3.8"), Instant.now()).inForce()).isEmpty();
    }
  }

  /**
   * The executor reads a resource's tags in AWS only while an exception scoped to a tag is in force: one published
   * makes it read them from the next refresh on, and once revoked it reads them no more.
   */
  @Test
  void anExceptionScopedToATagIsSeenOnceItIsPublishedAndNoLongerOnceItIsRevoked() throws Exception {
    KafkaSettings kafka = withNewTopic();
    try (ExceptionList exceptions = new ExceptionList(kafka)) {
      publish(kafka, 0, key(), value(exception()));
      exceptions.refresh();
      assertThat(exceptions.anyScopedToTag(List.of("S3.8"), Instant.now())).as("only one scoped to a resource")
          .isFalse();

      publish(kafka, 0, TAG_KEY, value(exception(TAG_SCOPE, Instant.now().plus(Duration.ofDays(1)))));
      exceptions.refresh();
      assertThat(exceptions.anyScopedToTag(List.of("S3.8"), Instant.now())).isTrue();

      publish(kafka, 0, TAG_KEY, null);
      exceptions.refresh();
      assertThat(exceptions.anyScopedToTag(List.of("S3.8"), Instant.now())).isFalse();
    }
  }

  /** An exception is in force until the instant it expires, not at it. */
  @Test
  void anExceptionScopedToATagIsNoLongerSeenFromTheInstantItExpires() throws Exception {
    KafkaSettings kafka = withNewTopic();
    Instant expiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    try (ExceptionList exceptions = new ExceptionList(kafka)) {
      publish(kafka, 0, TAG_KEY, value(exception(TAG_SCOPE, expiry)));
      exceptions.refresh();

      assertThat(exceptions.anyScopedToTag(List.of("S3.8"), expiry.minusMillis(1))).isTrue();
      assertThat(exceptions.anyScopedToTag(List.of("S3.8"), expiry)).isFalse();
    }
  }

  /** The executor matches no exception published under another scope's key, so it reads no tags for one either. */
  @Test
  void anExceptionScopedToATagPublishedUnderAnotherKeyIsNotSeen() throws Exception {
    KafkaSettings kafka = withNewTopic();
    try (ExceptionList exceptions = new ExceptionList(kafka)) {
      publish(kafka, 0, key(), value(exception(TAG_SCOPE, Instant.now().plus(Duration.ofDays(1)))));
      exceptions.refresh();

      assertThat(exceptions.anyScopedToTag(List.of("S3.8"), Instant.now())).isFalse();
    }
  }

  private static KafkaSettings withNewTopic() throws Exception {
    KafkaSettings kafka = ConfigLoader.fromYaml("kafka: {topic-prefix: exceptions-" + UUID.randomUUID() + ".}",
        Map.of()).withBootstrapServers(TestBroker.bootstrapServers()).kafka();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      admin.createTopics(List.of(new NewTopic(kafka.topics().exceptions(), 1, (short) 1))).all().get();
    }
    return kafka;
  }

  private static Scope scope() {
    return new Scope(null, null, "S3.8", BUCKET.getId(), null);
  }

  private static String key() {
    return ExceptionScope.of(scope()).key();
  }

  private static ExceptionRecord exception() {
    return exception(scope(), Instant.now().plus(Duration.ofDays(1)));
  }

  private static ExceptionRecord exception(Scope scope, Instant expiresAt) {
    return ExceptionRecord.newBuilder().setScope(scope).setReason("serves the public website")
        .setApprover("ciso@example.com").setCreatedBy("alice").setCreatedAt(Instant.now())
        .setExpiresAt(expiresAt).build();
  }

  private static byte[] value(ExceptionRecord exception) {
    return AvroSerde.of(ExceptionRecord.class).serializer().serialize("exceptions", exception);
  }

  private static void publish(KafkaSettings kafka, int partition, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(kafka.topics().exceptions(), partition, key, value)).get();
    }
  }
}
