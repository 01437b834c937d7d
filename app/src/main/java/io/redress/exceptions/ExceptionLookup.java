package io.redress.exceptions;

import io.redress.contract.Resource;
import java.time.Instant;
import java.util.List;

/** Where an executor asks, just before it acts, which exceptions cover a resource now. */
@FunctionalInterface
public interface ExceptionLookup {

  /**
   * @param controls the command's control, then any other whose exceptions cover it too
   * @throws RuntimeException when the list cannot be read; the caller must then not act
   */
  ExceptionMatch match(Resource resource, List<String> controls, Instant at);
}
