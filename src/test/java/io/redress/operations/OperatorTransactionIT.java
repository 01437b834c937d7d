package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.KafkaSetupException;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person is told when Kafka goes away in the middle of their operation's commit. */
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
}
