package io.redress.chain;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.RemediationResult;
import io.redress.kafka.AvroSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Links the executor's results into one hash chain per partition of the results topic ({@link HashChain}).
 *
 * <p>A chain needs one writer per partition. Commands and results are both keyed by resource, so each result goes
 * to the partition number of its command: the executor that owns command partition p is then the only writer of
 * result partition p (the provisioning keeps both topics at one partition count). The last hash of each partition is
 * kept in memory and read back from the topic's last committed record whenever it may be stale: at first use, after
 * the command partitions moved ({@link #forget()}), and after a transaction aborted (its records are not in the
 * chain, so the head they advanced must go).
 *
 * <p>Call {@link #link} in the order the results are sent, from the thread that sends them.
 */
public final class ResultChain implements AutoCloseable {

  private final String topic;
  private final Serializer<RemediationResult> serializer = AvroSerde.of(RemediationResult.class).serializer();
  private final Deserializer<RemediationResult> deserializer = AvroSerde.of(RemediationResult.class).deserializer();
  private final PartitionTail tail;
  private final Map<Integer, Optional<String>> heads = new HashMap<>();

  public ResultChain(KafkaSettings kafka, String topic) {
    this(topic, new PartitionTail(kafka, topic));
  }

  ResultChain(String topic, PartitionTail tail) {
    this.topic = topic;
    this.tail = tail;
  }

  /**
   * A result on its way out, linked after the last one of its partition and sent to the partition of its command;
   * any other output (a dead letter) as it is. The head advances only once the record is encoded, so a result that
   * cannot be sent leaves no gap in the chain.
   */
  public synchronized ProducerRecord<byte[], byte[]> link(ConsumerRecord<byte[], byte[]> command,
      ProducerRecord<byte[], byte[]> output) {
    if (!output.topic().equals(topic)) {
      return output;
    }
    int partition = command.partition();
    Optional<String> head = heads.get(partition);
    if (head == null) {
      head = tail.lastHash(partition);
    }
    RemediationResult linked = HashChain.link(deserializer.deserialize(topic, output.value()), head.orElse(null));
    byte[] value = serializer.serialize(topic, linked);
    heads.put(partition, Optional.of(linked.getRecordHash()));
    return new ProducerRecord<>(topic, partition, output.key(), value);
  }

  /** What this chain remembers may be stale: read each head back from the topic when it is next needed. */
  public synchronized void forget() {
    heads.clear();
  }

  @Override
  public void close() {
    tail.close();
  }
}
