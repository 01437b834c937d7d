package io.redress.chaos;

/** The harness itself could not do its work (as opposed to Redress failing a check, which the report shows). */
final class ChaosException extends RuntimeException {

  ChaosException(String message) {
    super(message);
  }

  ChaosException(String message, Throwable cause) {
    super(message, cause);
  }
}
