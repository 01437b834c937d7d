package io.redress.breaker;

/** The remediations the breaker has admitted, per scope, with the time each was admitted at. */
public interface Admissions {

  /** How many admissions of {@code scope} are stamped at or after {@code from}, later-stamped ones included. */
  int countSince(String scope, long from);

  void record(String scope, String commandId, long at);
}
