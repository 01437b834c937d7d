package io.redress.ingest;

import io.redress.contract.Finding;
import java.util.List;
import java.util.Objects;

/**
 * What became of one raw record: either every finding it carried, or the one reason it cannot be used. A record
 * is never half-accepted, so a rejected record goes to the dead-letter topic whole and nothing from it flows on.
 */
public sealed interface Normalization permits Normalization.Accepted, Normalization.Rejected {

  /** The record was readable; one normalized finding per finding it carried, in the order they appeared. */
  record Accepted(List<Finding> findings) implements Normalization {

    public Accepted {
      findings = List.copyOf(findings);
      if (findings.isEmpty()) {
        throw new IllegalArgumentException("an accepted record carries at least one finding");
      }
    }
  }

  /** The record cannot be used; {@code reason} says exactly what is wrong, for the dead letter. */
  record Rejected(String reason) implements Normalization {

    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
