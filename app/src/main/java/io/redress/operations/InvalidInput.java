package io.redress.operations;

/**
 * Input a person gave that Redress refuses (a malformed scope, a missing approver, an expiry past the maximum),
 * with a message naming what is wrong. The command line prints it and exits with status 2.
 */
public final class InvalidInput extends RuntimeException {

  public InvalidInput(String message) {
    super(message);
  }
}
