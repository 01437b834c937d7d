package io.redress.exceptions;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.ExceptionRecord;
import io.redress.kafka.AvroSerde;
import io.redress.operations.OperatorTransaction;
import io.redress.operations.TopicScan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

  /**
   * What the topic holds now.
   *
   * @param exceptions the exceptions published, by the key they are published under, in the order keys were first
   *     written
   * @param undecodable the keys whose latest record this version cannot decode (written by a newer version, or by
   *     hand): what they except is unknown, so the executors act on nothing while one is there, and only publishing
   *     or revoking that key ends it
   */
  public record Published(Map<String, ExceptionRecord> exceptions, Set<String> undecodable) {

    public Published {
      exceptions = Collections.unmodifiableMap(new LinkedHashMap<>(exceptions));
      undecodable = Collections.unmodifiableSet(new TreeSet<>(undecodable));
    }

    /** Every key something is published under, decodable or not. */
    Stream<String> keys() {
      return Stream.concat(exceptions.keySet().stream(), undecodable.stream());
    }
  }

  /** What the topic holds now; for reading only, no transaction. */
  public static Published read(KafkaSettings kafka) {
    TopicScan.Latest<ExceptionRecord> latest = TopicScan.latestByKey(kafka, kafka.topics().exceptions(), DECODE);
    return new Published(latest.values(), latest.undecodable());
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
      Published current = topic.current();
      ExceptionRecord before = current.exceptions().get(request.key());
      ExceptionRecord after = request.toRecord(by, now);
      List<ExceptionChange> changes = new ArrayList<>();
      changes.add(before == null ? new ExceptionChange.Add(request.key(), after)
          : new ExceptionChange.Update(request.key(), before, after));
      List<String> others = sameScope(current, request.key());
      others.remove(request.key());
      others.forEach(key -> changes.add(new ExceptionChange.Revoke(key, current.exceptions().get(key))));
      topic.publish(changes);
      return before != null || !others.isEmpty();
    }
  }

  /**
   * Revokes the exception published under {@code key}, and any under a key that differs from it only in a control's
   * case, as {@code control=s3.8} and {@code control=S3.8}: tombstones on them, in one transaction; a record this
   * version cannot decode under one of them is revoked too.
   *
   * @return the keys revoked, none when nothing is published under them and nothing was sent
   */
  public static List<String> revoke(KafkaSettings kafka, String key) {
    try (ExceptionTopic topic = open(kafka)) {
      Published current = topic.current();
      List<String> revoked = sameScope(current, key);
      topic.publish(revoked.stream().map(published -> (ExceptionChange) new ExceptionChange.Revoke(published,
          current.exceptions().get(published))).toList());
      return revoked;
    }
  }

  /** The keys published now that cover what {@code key} covers: its own, and those differing in a control's case. */
  private static List<String> sameScope(Published current, String key) {
    String matching = ExceptionScope.matchingKey(key);
    return current.keys().filter(published -> ExceptionScope.matchingKey(published).equals(matching))
        .sorted().collect(Collectors.toCollection(ArrayList::new));
  }

  public Published current() {
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
