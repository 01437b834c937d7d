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

  /** @param before the exception revoked; null when its record could not be decoded */
  record Revoke(String key, ExceptionRecord before) implements ExceptionChange {
    @Override
    public ExceptionRecord published() {
      return null;
    }
  }

  /**
   * What makes the topic hold exactly the requested exceptions: an add for each new scope, an update for each
   * whose reason, approver, expiry or ticket differs, a revocation for each published one the file no longer lists
   * (expired ones included, so the topic does not keep what nobody reviews, and records this version cannot decode,
   * which stop every executor while they are there). Unchanged ones are left alone, so their creator and creation
   * time stay.
   */
  public static List<ExceptionChange> between(ExceptionTopic.Published published,
      Map<String, ExceptionRequest> requested, String by, Instant now) {
    List<ExceptionChange> changes = new ArrayList<>();
    requested.forEach((key, request) -> {
      ExceptionRecord current = published.exceptions().get(key);
      if (current == null) {
        changes.add(new Add(key, request.toRecord(by, now)));
      } else if (!request.sameAs(current)) {
        changes.add(new Update(key, current, request.toRecord(by, now)));
      }
    });
    published.exceptions().forEach((key, current) -> {
      if (!requested.containsKey(key)) {
        changes.add(new Revoke(key, current));
      }
    });
    published.undecodable().stream().filter(key -> !requested.containsKey(key))
        .forEach(key -> changes.add(new Revoke(key, null)));
    return changes;
  }
}
