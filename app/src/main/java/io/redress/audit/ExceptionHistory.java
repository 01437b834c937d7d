package io.redress.audit;

import io.redress.contract.ExceptionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every version of every exception the compacted exceptions topic still holds, in the order they were written;
 * a tombstone (a revocation) is a version without a record. Compaction keeps at least the latest version of each
 * key, so what was in force long ago may be known only by the version that replaced it.
 */
public final class ExceptionHistory {

  private record Version(long at, ExceptionRecord exception) {
  }

  private final Map<String, List<Version>> versions = new TreeMap<>();

  void add(String scopeKey, long at, ExceptionRecord exceptionOrNull) {
    versions.computeIfAbsent(scopeKey, key -> new ArrayList<>()).add(new Version(at, exceptionOrNull));
  }

  /** The version of the exception that was current at {@code at}, else its earliest one still recorded. */
  public Optional<ExceptionRecord> asOf(String scopeKey, Instant at) {
    List<Version> all = versions.getOrDefault(scopeKey, List.of());
    ExceptionRecord current = currentAt(all, at);
    if (current == null) {
      return all.stream().map(Version::exception).filter(e -> e != null).findFirst();
    }
    return Optional.of(current);
  }

  /** The exceptions in force at {@code at}: written by then, not revoked since, not expired. */
  public Map<String, ExceptionRecord> inForceAt(Instant at) {
    Map<String, ExceptionRecord> inForce = new TreeMap<>();
    versions.forEach((scopeKey, all) -> {
      ExceptionRecord current = currentAt(all, at);
      if (current != null && current.getExpiresAt().isAfter(at)) {
        inForce.put(scopeKey, current);
      }
    });
    return inForce;
  }

  private static ExceptionRecord currentAt(List<Version> all, Instant at) {
    ExceptionRecord current = null;
    for (Version version : all) {
      if (version.at() <= at.toEpochMilli()) {
        current = version.exception();
      }
    }
    return current;
  }
}
