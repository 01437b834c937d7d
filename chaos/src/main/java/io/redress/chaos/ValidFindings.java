package io.redress.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Valid S3.8 findings, each on a bucket of its own, spread over a few accounts. */
final class ValidFindings {

  static final String KIND = "valid finding";
  private static final List<String> ACCOUNTS = List.of("111122223333", "444455556666", "777788889999");

  private ValidFindings() {
  }

  /** The {@code seq}-th valid finding of a phase; {@code tag} keeps buckets and keys distinct across phases. */
  static Payload finding(String phase, String tag, int seq) {
    String name = String.format("chaos-%s-%06d", tag, seq);
    ObjectNode event = FindingEvents.publicBucket(ACCOUNTS.get(seq % ACCOUNTS.size()), name);
    Input input = FindingEvents.describe("valid-" + name, phase, KIND, "S3.8 public bucket", Expectation.DECISION,
        event);
    return new Payload(input, FindingEvents.bytes(event));
  }

  static Iterator<Payload> sequence(String phase, String tag, int count) {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public Payload next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return finding(phase, tag, next++);
      }
    };
  }
}
