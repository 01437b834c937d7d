package io.redress.ingest;

import io.redress.contract.Finding;
import java.util.List;

/** Placeholder until the ingest branch lands. */
public final class FindingNormalizer {
  public sealed interface Result {
    record Accepted(List<Finding> findings) implements Result {}
    record Rejected(String reason) implements Result {}
  }
  public static Result normalize(String raw, long receivedAt) {
    return new Result.Rejected("not implemented");
  }
}
