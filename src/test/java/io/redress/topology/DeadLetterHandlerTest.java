package io.redress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.kafka.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
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
}
