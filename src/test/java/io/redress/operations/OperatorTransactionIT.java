package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.KafkaSetupException;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person is told, and what readers see, when an operation's transaction fails. */
class OperatorTransactionIT {

  @Test
  void aCommitKafkaNeverConfirmedIsReportedAsUnknownNotAsNothingWritten(@TempDir Path brokerDir) throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir);
    KafkaSettings kafka = new KafkaSettings(Optional.of(broker.bootstrapServers()), "redress",
        Map.of("max.block.ms", "3000"), 3, 1);
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    try (OperatorTransaction transaction = OperatorTransaction.open(kafka, "breaker-reset")) {
      transaction.send(Topics.UNPREFIXED.breakerCommands(), "global", "x".getBytes(StandardCharsets.UTF_8));
      broker.close();

      assertThatThrownBy(transaction::commit).isInstanceOf(KafkaSetupException.class)
          .hasMessageStartingWith("Kafka did not confirm the breaker-reset's commit in time, so it may or may not"
              + " have been written")
          .hasMessageNotContaining("nothing of it was written");
    }
  }

  /**
   * A transaction left open holds every read_committed reader of its partitions (the topology's among them) at its
   * first record until the coordinator times it out, a minute by default: a failed operation must abort it.
   */
  @Test
  void aFailedCommitAbortsWhatWasSentSoReadersAreNotHeldBack(@TempDir Path brokerDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      KafkaSettings kafka = new KafkaSettings(Optional.of(broker.bootstrapServers()), "redress",
          Map.of("max.request.size", "100000"), 3, 1);
      String topic = Topics.UNPREFIXED.breakerCommands();
      try (Admin admin = Admin.create(kafka.clientProperties())) {
        new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
        RecordMetadata written;
        try (OperatorTransaction transaction = OperatorTransaction.open(kafka, "breaker-reset")) {
          written = transaction.sendAll(List.of(new ProducerRecord<>(topic, "global",
              "x".getBytes(StandardCharsets.UTF_8)))).get(0);
          transaction.send(topic, "global", new byte[200_000]);

          assertThatThrownBy(transaction::commit).isInstanceOf(KafkaSetupException.class)
              .hasMessageStartingWith("The breaker-reset could not be committed, so nothing of it was written");
        }

        TopicPartition partition = new TopicPartition(topic, written.partition());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        long stable;
        do {
          Thread.sleep(100);
          stable = admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
              new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().get(partition).offset();
        } while (stable <= written.offset() && Instant.now().isBefore(deadline));
        assertThat(stable).as("read_committed readers may read past the failed operation's record")
            .isGreaterThan(written.offset());
      }
    }
  }
}
