package io.redress.kafka;

import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.metrics.RedressMeters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one way every part of Redress writes a dead letter: the topology's normalize step and exception handlers, the
 * executor and the notifier loops. A dead letter must always fit on its topic, whatever it is about, or writing it
 * would fail the same way the input did; so the input is kept whole up to {@link #MAX_PAYLOAD_BYTES} and truncated
 * beyond (it stays whole at its topic, partition and offset), and keys and reasons are capped too.
 */
public final class DeadLetters {

  /** Enough to read what an input was; far below any Kafka record limit. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
  static final int MAX_KEY_BYTES = 2 * 1024;
  static final int MAX_REASON_CHARS = 4 * 1024;

  private static final Serializer<DeadLetter> SERIALIZER = AvroSerde.of(DeadLetter.class).serializer();

  private DeadLetters() {
  }

  /** Where an unusable input was read from. */
  public record Origin(String topic, int partition, long offset, byte[] key, long timestamp) {
  }

  public static DeadLetter of(Origin origin, byte[] payload, String stage, String reason) {
    byte[] input = payload == null ? new byte[0] : payload;
    boolean truncated = input.length > MAX_PAYLOAD_BYTES;
    RedressMeters.deadLetter(stage);
    return DeadLetter.newBuilder()
        .setTopic(origin.topic())
        .setPartition(origin.partition())
        .setOffset(origin.offset())
        .setKey(origin.key() == null ? null : new String(cap(origin.key(), MAX_KEY_BYTES), StandardCharsets.UTF_8))
        .setPayload(ByteBuffer.wrap(cap(input, MAX_PAYLOAD_BYTES)))
        .setPayloadSize(input.length)
        .setPayloadTruncated(truncated)
        .setStage(stage)
        .setReason(capReason(reason))
        .setFailedAt(Instant.ofEpochMilli(Math.max(0, origin.timestamp())))
        .build();
  }

  /**
   * The dead letter as a record for the dead-letter topic ({@link Topics#deadLetters()}), keyed like its input so it
   * lands beside its kin.
   */
  public static ProducerRecord<byte[], byte[]> record(String topic, Origin origin, byte[] payload, String stage,
      String reason) {
    DeadLetter deadLetter = of(origin, payload, stage, reason);
    byte[] key = origin.key() == null ? null : cap(origin.key(), MAX_KEY_BYTES);
    return new ProducerRecord<>(topic, key, SERIALIZER.serialize(topic, deadLetter));
  }

  /** What went wrong, in words: the message, or the exception's type when it has none. */
  public static String reason(Throwable failure) {
    String message = failure.getMessage();
    String type = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }

  private static byte[] cap(byte[] bytes, int max) {
    return bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
  }

  private static String capReason(String reason) {
    if (reason == null || reason.isBlank()) {
      return "no reason given";
    }
    return reason.length() <= MAX_REASON_CHARS
        ? reason
        : reason.substring(0, MAX_REASON_CHARS) + " [reason truncated from " + reason.length() + " characters]";
  }
}
