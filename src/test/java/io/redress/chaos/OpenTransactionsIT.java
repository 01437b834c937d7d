package io.redress.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.testing.TestBroker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A stall report names the open transaction holding back a partition, with its coordinator's view of it. */
class OpenTransactionsIT {

  @Test
  void anOpenTransactionIsNamedWithItsPartitionOffsetsProducerAndCoordinatorStateUntilItCommits() throws Exception {
    String topic = "open-transactions-" + UUID.randomUUID();
    String transactionalId = "open-transactions-writer-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers()));
         KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
             ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers(),
             ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
             new StringSerializer(), new StringSerializer())) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, 1, "key", "committed later")).get();

      List<String> open = OpenTransactions.holdingBack(admin, List.of(topic));

      assertThat(open).singleElement().asString()
          .startsWith(topic + "-1: last stable offset 0, high watermark 1; transaction open from offset 0 by producer ")
          .contains("its coordinator: " + transactionalId + " is Ongoing at epoch ")
          .contains("with partitions [" + topic + "-1]");
      assertThat(OpenTransactions.holdingBack(admin)).as("every topic's").containsAll(open);

      producer.commitTransaction();
      // The commit returns once the coordinator has the outcome; the partition's marker follows.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!OpenTransactions.holdingBack(admin, List.of(topic)).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(OpenTransactions.holdingBack(admin, List.of(topic))).isEmpty();
    }
  }
}
