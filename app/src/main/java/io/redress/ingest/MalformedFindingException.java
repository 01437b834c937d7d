package io.redress.ingest;

/** A raw record, or one finding in it, that cannot be normalized; the message is the reason given to the caller. */
public final class MalformedFindingException extends Exception {

  public MalformedFindingException(String reason) {
    super(reason);
  }
}
