package io.redress.topology;

import io.redress.kafka.DeadLetters;
import io.redress.kafka.DeadLetters.Origin;
import io.redress.kafka.SchemaRegistryException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the topology does with a record it cannot decode, a step that throws, or an output it cannot write: the
 * input goes to the dead-letter topic with where it came from and why, and the stream goes on. Without it Kafka
 * Streams either stops (one poison record halts every remediation) or skips the record with nothing but a log line.
 *
 * <p>Every callback describes the input being processed when it failed ({@link ErrorHandlerContext}), so the dead
 * letter names the record that caused the failure.
 */
public final class DeadLetterHandler
    implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {

  /** The Kafka Streams setting naming the dead-letter topic: Kafka Streams creates the handler from its class. */
  public static final String TOPIC_CONFIG = "redress.dead-letters";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

  private String topic;

  /** Makes this the handler of every kind of failure in a topology with these settings. */
  public static void install(Properties streams, String deadLetterTopic) {
    streams.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    streams.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    streams.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    streams.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    streams.put(TOPIC_CONFIG, deadLetterTopic);
  }

  @Override
  public void configure(Map<String, ?> configs) {
    if (!(configs.get(TOPIC_CONFIG) instanceof String configured)) {
      throw new IllegalStateException("the topology's settings name no dead-letter topic (" + TOPIC_CONFIG + ")");
    }
    topic = configured;
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (registryUnavailable(exception)) {
      return DeserializationExceptionHandler.Response.fail();
    }
    return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, "decode", exception)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    return ProcessingExceptionHandler.Response.resume(
        List.of(deadLetter(context, context.processorNodeId(), exception)));
  }

  /** An output too large (or otherwise unserializable) for its topic: nothing was sent, so the input can go on. */
  @Override
  @SuppressWarnings("rawtypes") // the interface declares the record raw
  public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
      ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
    if (registryUnavailable(exception)) {
      return ProductionExceptionHandler.Response.fail();
    }
    return ProductionExceptionHandler.Response.resume(List.of(deadLetter(context,
        "write to " + record.topic(), exception)));
  }

  /**
   * The broker refused an output. Under exactly-once the transaction is lost whatever is answered here, and the
   * input is processed again; resuming with a dead letter is right for the at-least-once case and harmless for the
   * other. Output sizes are checked while serializing, so this is not the path for oversized records.
   */
  @Override
  public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    return ProductionExceptionHandler.Response.resume(List.of(deadLetter(context, "write to " + record.topic(), exception)));
  }

  /**
   * A schema registry that cannot be reached (or refuses a schema) says nothing about the record: dead-lettering
   * would divert every record while it is down. The task fails instead, and its input is processed again once the
   * stream thread is replaced.
   */
  private static boolean registryUnavailable(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof SchemaRegistryException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A punctuation (the cool-down's sweep, a digest's release) processes no input: its context names no topic, and the
   * dead letter names the step whose punctuation failed instead.
   */
  private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, String stage, Exception exception) {
    String source = context.topic() != null ? context.topic() : "(a punctuation of " + context.processorNodeId() + ")";
    log.warn("dead-lettering {}-{}@{} at step {}: {}", source, context.partition(), context.offset(), stage,
        DeadLetters.reason(exception));
    Origin origin = new Origin(source, context.partition(), context.offset(), context.sourceRawKey(),
        context.timestamp());
    return DeadLetters.record(topic, origin, context.sourceRawValue(), stage, DeadLetters.reason(exception));
  }
}
