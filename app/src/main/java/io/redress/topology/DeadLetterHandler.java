package io.redress.topology;

import io.redress.contract.DeadLetter;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the topology does with a record it cannot decode or a step that throws: the input goes whole to the
 * dead-letter topic with where it came from and why, and the stream goes on. Without it Kafka Streams either
 * stops (one poison record halts every remediation) or skips the record with nothing but a log line.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
  private static final Serializer<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class).serializer();

  @Override
  public void configure(Map<String, ?> configs) {
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, "decode", exception)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    return ProcessingExceptionHandler.Response.resume(
        List.of(deadLetter(context, context.processorNodeId(), exception)));
  }

  private static ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, String stage, Exception exception) {
    log.warn("dead-lettering {}-{}@{} at step {}: {}", context.topic(), context.partition(), context.offset(), stage,
        exception.toString());
    byte[] key = context.sourceRawKey();
    byte[] payload = context.sourceRawValue() == null ? new byte[0] : context.sourceRawValue();
    DeadLetter deadLetter = DeadLetter.newBuilder()
        .setTopic(context.topic())
        .setPartition(context.partition())
        .setOffset(context.offset())
        .setKey(key == null ? null : new String(key, StandardCharsets.UTF_8))
        .setPayload(ByteBuffer.wrap(payload))
        .setStage(stage)
        .setReason(exception.toString())
        .setFailedAt(Instant.ofEpochMilli(context.timestamp()))
        .build();
    return new ProducerRecord<>(Topics.DEAD_LETTERS, key, DEAD_LETTERS.serialize(Topics.DEAD_LETTERS, deadLetter));
  }
}
