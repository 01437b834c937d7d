package io.redress.exceptions;

import io.redress.contract.Resource;
import java.time.Instant;

/** Where an executor asks, just before it acts, which exceptions cover a resource now. */
@FunctionalInterface
public interface ExceptionLookup {

  /**
   * @throws RuntimeException when the list cannot be read; the caller must then not act
   */
  ExceptionMatch match(Resource resource, String control, Instant at);
}
