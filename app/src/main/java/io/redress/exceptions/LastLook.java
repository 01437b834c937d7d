package io.redress.exceptions;

import io.redress.contract.Resource;
import java.time.Instant;
import java.util.List;

/**
 * The exception list as one command's last look before it acts asks it: under the command's controls, at one instant.
 * The executor checks the resource the command names with it, and an action that changes resources of that one (an
 * account's public snapshots, one of its trails) checks each of them with it before changing it, so that all are
 * judged by the same exceptions.
 *
 * @param controls the command's control, then any other whose exceptions cover it too
 */
public record LastLook(ExceptionLookup list, List<String> controls, Instant at) {

  public LastLook {
    controls = List.copyOf(controls);
  }

  /** @throws RuntimeException when the list cannot be read; the caller must then not act */
  public ExceptionMatch match(Resource resource) {
    return list.match(resource, controls, at);
  }

  /**
   * Whether an exception scoped to a tag is in force for the controls: only then are the tags a resource carries in
   * AWS worth reading.
   *
   * @throws RuntimeException when the list cannot be read; the caller must then not act
   */
  public boolean anyScopedToTag() {
    return list.anyScopedToTag(controls, at);
  }
}
