package io.redress.kafka;

import org.apache.kafka.common.KafkaException;

/**
 * The schema registry could not be reached, or refuses this deployment's schemas (a missing registry, a schema not
 * registered while auto-registration is off, an incompatible new version). Not the record's fault: every record of
 * its kind would fail alike, so it is no {@link org.apache.kafka.common.errors.SerializationException}, which the
 * record loops answer with a dead letter; a loop that meets it stops and is restarted, and is seen.
 */
public final class SchemaRegistryException extends KafkaException {
  public SchemaRegistryException(String message) {
    super(message);
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
