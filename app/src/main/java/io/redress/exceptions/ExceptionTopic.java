package io.redress.exceptions;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.ExceptionRecord;
import io.redress.kafka.AvroSerde;
import io.redress.operations.OperatorTransaction;
import io.redress.operations.TopicScan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  /**
   * Publishes {@code request} as created by {@code by} at {@code now}, replacing the exception with the same scope,
   * and any published under a key that differs from its own only in a control's case (they cover the same findings:
   * keeping one would leave it in force when this one is revoked), in one transaction.
   *
   * @return whether it replaced one
   */
  public static boolean put(KafkaSettings kafka, ExceptionRequest request, String by, Instant now) {
    try (ExceptionTopic topic = open(kafka)) {
      Map<String, ExceptionRecord> current = topic.current();
      ExceptionRecord before = current.get(request.key());
      ExceptionRecord after = request.toRecord(by, now);
      List<ExceptionChange> changes = new ArrayList<>();
      changes.add(before == null ? new ExceptionChange.Add(request.key(), after)
          : new ExceptionChange.Update(request.key(), before, after));
      List<String> others = sameScope(current, request.key());
      others.remove(request.key());
      others.forEach(key -> changes.add(new ExceptionChange.Revoke(key, current.get(key))));
      topic.publish(changes);
      return before != null || !others.isEmpty();
    }
  }

  /**
   * Revokes the exception published under {@code key}, and any under a key that differs from it only in a control's
   * case, as {@code control=s3.8} and {@code control=S3.8}: tombstones on them, in one transaction.
   *
   * @return the keys revoked, none when nothing is published under them and nothing was sent
   */
  public static List<String> revoke(KafkaSettings kafka, String key) {
    try (ExceptionTopic topic = open(kafka)) {
      Map<String, ExceptionRecord> current = topic.current();
      List<String> revoked = sameScope(current, key);
      topic.publish(revoked.stream()
          .map(published -> (ExceptionChange) new ExceptionChange.Revoke(published, current.get(published))).toList());
      return revoked;
    }
  }

  /** The keys published now that cover what {@code key} covers: its own, and those differing in a control's case. */
  private static List<String> sameScope(Map<String, ExceptionRecord> current, String key) {
    String matching = ExceptionScope.matchingKey(key);
    return current.keySet().stream().filter(published -> ExceptionScope.matchingKey(published).equals(matching))
        .sorted().collect(Collectors.toCollection(ArrayList::new));
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
