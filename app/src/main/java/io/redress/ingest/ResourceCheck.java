package io.redress.ingest;

import io.redress.contract.Resource;
import io.redress.resource.ResourceIds;
import io.redress.resource.ResourceProblem;
import io.redress.resource.ResourceProblem.Field;
import java.util.Optional;
import java.util.function.Function;

/** A resource a reader built, checked by {@link ResourceIds} before it can become a key or a command. */
final class ResourceCheck {

  private ResourceCheck() {
  }

  /**
   * @param fieldName how the source names each part of the resource, for the reason
   */
  static Resource checked(JsonFields finding, Resource resource, Function<Field, String> fieldName)
      throws MalformedFindingException {
    Optional<ResourceProblem> problem = ResourceIds.problem(resource);
    if (problem.isEmpty()) {
      return resource;
    }
    String value = problem.get().value() == null ? "" : " " + Untrusted.quote(problem.get().value());
    throw finding.malformed("has " + fieldName.apply(problem.get().field()) + value + ", " + problem.get().rule());
  }
}
