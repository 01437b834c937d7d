package io.redress.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.kafka.RecordLoop.TransientFailure;
import io.redress.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Where a results partition's chain continues while a transaction is open on it, on a real broker: the tail waits for
 * it to end, and when it does not end in time says which producer holds the partition back, so that a transaction a
 * one-node broker's stop left open for good can be found and dealt with.
 */
class PartitionTailIT {

  @Test
  void aTransactionThatStaysOpenIsNamedByItsProducerAndOnceAbortedTheChainStartsAfresh() throws Exception {
    KafkaSettings kafka = ConfigLoader.fromYaml("{}", Map.of()).withBootstrapServers(TestBroker.bootstrapServers())
        .kafka();
    String topic = "tail-" + UUID.randomUUID();
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    Properties settings = new Properties();
    settings.putAll(kafka.clientConfig());
    settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic);
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
        PartitionTail tail = new PartitionTail(kafka, topic, Duration.ofSeconds(2))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, 0, null, "not yet a result".getBytes())).get();

      assertThatThrownBy(() -> tail.lastHash(0)).isInstanceOf(TransientFailure.class)
          .hasMessageStartingWith(topic + "-0 still has a transaction open after 2 s (producer ")
          .hasMessageContaining(" from offset 0, last write ");

      producer.abortTransaction();
      assertThat(tail.lastHash(0)).as("the aborted record and its marker are no result").isEmpty();
    }
  }
}
