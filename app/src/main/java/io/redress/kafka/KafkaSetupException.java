package io.redress.kafka;

/**
 * Kafka cannot be used as it is: the embedded broker did not start, or a topic is set up in a way Redress must not
 * run on. The message says what went wrong and what to do, so a command line can print it as it is.
 */
public final class KafkaSetupException extends RuntimeException {
  public KafkaSetupException(String message) {
    super(message);
  }

  public KafkaSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
