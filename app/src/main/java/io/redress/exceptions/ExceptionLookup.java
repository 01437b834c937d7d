package io.redress.exceptions;

import io.redress.contract.Resource;
import java.time.Instant;
import java.util.List;

/** Where an executor asks, just before it acts, which exceptions cover a resource now. */
public interface ExceptionLookup {

  /**
   * @param controls the command's control, then any other whose exceptions cover it too
   * @throws RuntimeException when the list cannot be read; the caller must then not act
   */
  ExceptionMatch match(Resource resource, List<String> controls, Instant at);

  /**
   * Whether an exception scoped to a tag is in force for any of {@code controls} (or for every control): only then
   * are the tags a resource carries in AWS worth reading before it is acted on.
   *
   * @throws RuntimeException when the list cannot be read; the caller must then not act
   */
  boolean anyScopedToTag(List<String> controls, Instant at);
}
