package io.redress.exceptions;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.ExceptionRecord;
import io.redress.kafka.AvroSerde;
import io.redress.operations.OperatorTransaction;
import io.redress.operations.TopicScan;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The exceptions topic as the exceptions commands change it. Opening it fences any other change in progress, and
 * it is read only after that, so a change is always computed against everything committed before it, and all of
 * one change (a whole sync) is published in one transaction: the topology and the executors, reading
 * read_committed, see all of it or none.
 */
public final class ExceptionTopic implements AutoCloseable {

  private static final Deserializer<ExceptionRecord> DECODE = AvroSerde.of(ExceptionRecord.class).deserializer();
  private static final Serializer<ExceptionRecord> ENCODE = AvroSerde.of(ExceptionRecord.class).serializer();

  private final KafkaSettings kafka;
  private final OperatorTransaction transaction;

  private ExceptionTopic(KafkaSettings kafka, OperatorTransaction transaction) {
    this.kafka = kafka;
    this.transaction = transaction;
  }

  /** For a change: fences other changes first. */
  public static ExceptionTopic open(KafkaSettings kafka) {
    return new ExceptionTopic(kafka, OperatorTransaction.open(kafka, "exceptions-change"));
  }

  /** The exceptions published now, by the key they are published under; for reading only, no transaction. */
  public static Map<String, ExceptionRecord> read(KafkaSettings kafka) {
    return TopicScan.latestByKey(kafka, kafka.topics().exceptions(), TopicScan.skippingUndecodable(DECODE));
  }

  public Map<String, ExceptionRecord> current() {
    return read(kafka);
  }

  public void publish(List<ExceptionChange> changes) {
    for (ExceptionChange change : changes) {
      ExceptionRecord record = change.published();
      String topic = kafka.topics().exceptions();
      transaction.send(topic, change.key(), record == null ? null : ENCODE.serialize(topic, record));
    }
    transaction.commit();
  }

  @Override
  public void close() {
    transaction.close();
  }
}
