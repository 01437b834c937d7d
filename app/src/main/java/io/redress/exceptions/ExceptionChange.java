package io.redress.exceptions;

import io.redress.contract.ExceptionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One change a sync makes to the exceptions topic. */
public sealed interface ExceptionChange {

  /** The scope key the change is published under. */
  String key();

  /** The record to publish, or null for a tombstone. */
  ExceptionRecord published();

  record Add(String key, ExceptionRecord published) implements ExceptionChange {
  }

  record Update(String key, ExceptionRecord before, ExceptionRecord published) implements ExceptionChange {
  }

  record Revoke(String key, ExceptionRecord before) implements ExceptionChange {
    @Override
    public ExceptionRecord published() {
      return null;
    }
  }

  /**
   * What makes the topic hold exactly the requested exceptions: an add for each new scope, an update for each
   * whose reason, approver, expiry or ticket differs, a revocation for each published one the file no longer lists
   * (expired ones included, so the topic does not keep what nobody reviews). Unchanged ones are left alone, so
   * their creator and creation time stay.
   */
  public static List<ExceptionChange> between(Map<String, ExceptionRecord> published, Map<String, ExceptionRequest> requested,
      String by, Instant now) {
    List<ExceptionChange> changes = new ArrayList<>();
    requested.forEach((key, request) -> {
      ExceptionRecord current = published.get(key);
      if (current == null) {
        changes.add(new Add(key, request.toRecord(by, now)));
      } else if (!request.sameAs(current)) {
        changes.add(new Update(key, current, request.toRecord(by, now)));
      }
    });
    published.forEach((key, current) -> {
      if (!requested.containsKey(key)) {
        changes.add(new Revoke(key, current));
      }
    });
    return changes;
  }
}
