package io.redress.audit;

import static io.redress.audit.AuditRecords.deadLetter;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.kafka.AvroSerde;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AuditPrinterTest {

  private static final List<String> FOLLOWED = List.of(
      Topics.UNPREFIXED.decisions(), Topics.UNPREFIXED.deadLetters(), Topics.UNPREFIXED.remediationsHeld(), Topics.UNPREFIXED.breaker(), Topics.UNPREFIXED.remediationResults());

  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @Test
  void aRecordItCannotDecodeIsReportedInOneLineAndTheNextRecordIsPrinted() {
    byte[] deadLetter = AvroSerde.of(DeadLetter.class).serializer()
        .serialize(Topics.UNPREFIXED.deadLetters(), deadLetter("redress.findings.raw", 0, 3, "normalize", "not JSON"));

    printAfterOnePoll(
        new ConsumerRecord<>(Topics.UNPREFIXED.decisions(), 0, 5L, "key", "not avro".getBytes(StandardCharsets.UTF_8)),
        new ConsumerRecord<>(Topics.UNPREFIXED.breaker(), 0, 9L, "global", null),
        new ConsumerRecord<>(Topics.UNPREFIXED.deadLetters(), 0, 0L, "key", deadLetter));

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(String.format("%nUNREADABLE  redress.decisions-0@5 skipped: "))
        .contains(String.format("%nUNREADABLE  redress.breaker-0@9 skipped: empty record%n"))
        .contains("DEAD LETTER  redress.findings.raw-0@3 rejected at normalize");
  }

  @Test
  void aRunsPrinterStartsWhereEachTopicEndedAtTheRunsStartAndAtTheBeginningOfAPartitionAddedSince() {
    AuditPrinter.Start atTheRunsStart = new AuditPrinter.Ends(Map.of(
        new TopicPartition(Topics.UNPREFIXED.deadLetters(), 0), 2L));

    printAfterOnePoll(atTheRunsStart,
        deadLetterAt(Topics.UNPREFIXED.deadLetters(), 1, "before the run"),
        deadLetterAt(Topics.UNPREFIXED.deadLetters(), 2, "first of the run"),
        deadLetterAt(Topics.UNPREFIXED.remediationResults(), 0, "on a partition the run's start did not know"));

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .doesNotContain("before the run")
        .contains("why: first of the run")
        .contains("redress.remediation-results-0@0 skipped");
  }

  private static ConsumerRecord<String, byte[]> deadLetterAt(String topic, long offset, String reason) {
    byte[] value = AvroSerde.of(DeadLetter.class).serializer()
        .serialize(topic, deadLetter("redress.findings.raw", 0, offset, "normalize", reason));
    return new ConsumerRecord<>(topic, 0, offset, "key", value);
  }

  /** Runs the printer over these records, then stops it on its next poll, as close() from another thread would. */
  @SafeVarargs
  private void printAfterOnePoll(ConsumerRecord<String, byte[]>... records) {
    printAfterOnePoll(AuditPrinter.Start.BEGINNING, records);
  }

  @SafeVarargs
  private void printAfterOnePoll(AuditPrinter.Start start, ConsumerRecord<String, byte[]>... records) {
    Map<TopicPartition, Long> beginnings = new HashMap<>();
    for (String topic : FOLLOWED) {
      consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, null, null, null)));
      beginnings.put(new TopicPartition(topic, 0), 0L);
    }
    consumer.updateBeginningOffsets(beginnings);
    AuditPrinter printer = new AuditPrinter(consumer, Topics.UNPREFIXED, start,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    consumer.schedulePollTask(() -> List.of(records).forEach(consumer::addRecord));
    consumer.schedulePollTask(printer::close);

    printer.run();
  }
}
