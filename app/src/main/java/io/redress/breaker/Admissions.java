package io.redress.breaker;

import java.util.List;

/** The remediations the breaker has admitted, per scope, with the time each was admitted at. */
public interface Admissions {

  /** How many admissions of {@code scope} are stamped at or after {@code from}, later-stamped ones included. */
  int countSince(String scope, long from);

  /** The latest time an admission was recorded at; -1 when there is none. */
  long latest();

  /** One admitted command, counted in each of its scopes. */
  void record(List<String> scopes, String commandId, long at);
}
