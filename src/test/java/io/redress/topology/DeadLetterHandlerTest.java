package io.redress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.DeadLetter;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.SchemaRegistryException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  private final DeadLetterHandler handler = new DeadLetterHandler();

  @Test
  void anUnreachableRegistryFailsTheTaskInsteadOfDeadLetteringWhatItWrites() {
    ProductionExceptionHandler.Response response = handler.handleSerializationError(null,
        new ProducerRecord<>("redress.decisions", "key"), new SerializationException("encoding failed",
            new SchemaRegistryException("cannot look up Decision")), SerializationExceptionOrigin.VALUE);

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
  }

  @Test
  void anUnreachableRegistryFailsTheTaskInsteadOfDeadLetteringWhatItReads() {
    DeserializationExceptionHandler.Response response = handler.handleError(null,
        new ConsumerRecord<>("redress.findings", 0, 0L, new byte[0], new byte[0]),
        new SchemaRegistryException("cannot fetch schema version"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
  }

  /** What Kafka Streams passes for a failure in a punctuation: no input, so no topic, partition or offset. */
  private record Punctuation(String processorNodeId) implements ErrorHandlerContext {
    @Override
    public String topic() {
      return null;
    }

    @Override
    public int partition() {
      return -1;
    }

    @Override
    public long offset() {
      return -1;
    }

    @Override
    public Headers headers() {
      return new RecordHeaders();
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, 0);
    }

    @Override
    public long timestamp() {
      return 1_000L;
    }

    @Override
    public byte[] sourceRawKey() {
      return null;
    }

    @Override
    public byte[] sourceRawValue() {
      return null;
    }
  }

  @Test
  void aFailingPunctuationIsDeadLetteredUnderTheStepItBelongsTo() {
    handler.configure(Map.of(DeadLetterHandler.TOPIC_CONFIG, "redress.dlq"));

    ProcessingExceptionHandler.Response response = handler.handleError(new Punctuation("check-cooldown"),
        new Record<>("key", "value", 1_000L), new IllegalStateException("the sweep failed"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(record -> {
      assertThat(record.topic()).isEqualTo("redress.dlq");
      DeadLetter letter = AvroSerde.of(DeadLetter.class).deserializer().deserialize("redress.dlq", record.value());
      assertThat(letter.getTopic()).isEqualTo("(a punctuation of check-cooldown)");
      assertThat(letter.getStage()).isEqualTo("check-cooldown");
      assertThat(letter.getReason()).contains("the sweep failed");
    });
  }
}
