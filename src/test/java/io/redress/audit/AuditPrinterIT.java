package io.redress.audit;

import static io.redress.audit.AuditRecords.deadLetter;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The printer of {@code run --print-audit} on a real broker: the history before the run is not its to print. */
class AuditPrinterIT {

  private final Topics topics = new Topics("printer-" + UUID.randomUUID().toString().substring(0, 8) + ".");
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @Test
  void aRunsPrinterLeavesWhatWasCommittedBeforeTheRunsStartAndPrintsWhatComesAfter() throws Exception {
    String bootstrap = TestBroker.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin, topics, 1, (short) 1).provision();
    }
    Properties client = new Properties();
    client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);

    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
      sendDeadLetter(producer, "from an earlier run");
      AuditPrinter.Start atTheRunsStart = AuditPrinter.Start.endsNow(client, topics);
      sendDeadLetter(producer, "from this run");

      AuditPrinter printer = new AuditPrinter(client, topics, atTheRunsStart,
          new PrintStream(printed, true, StandardCharsets.UTF_8));
      Thread printing = new Thread(printer, "audit-printer-it");
      printing.start();
      Instant patience = Instant.now().plus(Duration.ofSeconds(30));
      while (!shown().contains("why: from this run") && Instant.now().isBefore(patience)) {
        Thread.sleep(100);
      }
      printer.close();
      printing.join(Duration.ofSeconds(10).toMillis());
    }

    assertThat(shown()).contains("why: from this run").doesNotContain("from an earlier run");
  }

  private void sendDeadLetter(KafkaProducer<String, byte[]> producer, String reason) throws Exception {
    DeadLetter deadLetter = deadLetter(topics.findingsRaw(), 0, 0, "normalize", reason);
    producer.send(new ProducerRecord<>(topics.deadLetters(), "key",
        AvroSerde.of(DeadLetter.class).serializer().serialize(topics.deadLetters(), deadLetter))).get();
  }

  private String shown() {
    return printed.toString(StandardCharsets.UTF_8);
  }
}
