package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.contract.DeliveryStatus;
import io.redress.contract.NotificationResult;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.EmbeddedBroker;
import io.redress.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code notify stats} reads a run's embedded broker by its data directory, as every other reading command does. */
class NotifyStatsIT {

  @TempDir
  Path dir;

  @Test
  void statsReadTheRunsBrokerOnItsDirectoryAndShowAnAddressFromATagEscaped() throws Exception {
    Path dataDir = dir.resolve("data");
    String topic = Topics.UNPREFIXED.notificationResults();
    try (DataDirectoryLock run = DataDirectoryLock.claim(dataDir);
         EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), dataDir.resolve("broker"))) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
          new StringSerializer(), new ByteArraySerializer())) {
        for (String lesson : List.of("lesson-1", "lesson-2")) {
          NotificationResult delivered = NotificationResult.newBuilder().setNotificationId(lesson)
              .setChannel("email").setRecipient("alice@example.com\u001b[2J").setStatus(DeliveryStatus.DELIVERED)
              .setAttempts(1).setControl("S3.8").setDeliveredAt(Instant.EPOCH).build();
          producer.send(new ProducerRecord<>(topic, lesson,
              AvroSerde.of(NotificationResult.class).serializer().serialize(topic, delivered))).get();
        }
      }

      Path config = Files.writeString(dir.resolve("redress.yaml"),
          "notifications: {security-contact: security@example.com}\n");
      Cli.Run stats = Cli.redress("notify", "stats", "--data-dir", dataDir.toString(), "-c", config.toString());

      assertThat(stats.status()).as(stats.err()).isZero();
      assertThat(stats.out()).contains("alice@example.com\\u001B[2J").doesNotContain("\u001b")
          .contains("S3.8").contains("1 of 1 (creator, control) pairs taught were caused again after a lesson");
    }
  }
}
