package io.redress.cli;

import io.redress.cli.FindingFile.Rejected;
import io.redress.http.RawFindingPublisher.NotAcknowledged;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import did with each record: published, rejected (the input cannot be used) or not published (Kafka did
 * not take it), with every reason. Kafka's callbacks report from the producer's thread, hence the locking.
 */
final class ImportTally {

  /** Reasons kept one by one; beyond this only counted, so a file of a million bad lines cannot fill the memory. */
  private static final int DETAILS_KEPT = 100;

  private int read;
  private int published;
  private int rejected;
  private int notPublished;
  private boolean kafkaFailed;
  private final Map<String, Integer> rejectedByKind = new TreeMap<>();
  private final Map<String, Integer> notPublishedByKind = new TreeMap<>();
  private final List<String> details = new ArrayList<>();
  private int detailsDropped;

  synchronized void read() {
    read++;
  }

  synchronized void published() {
    published++;
  }

  synchronized void rejected(Rejected part) {
    rejected++;
    rejectedByKind.merge(part.kind(), 1, Integer::sum);
    detail(part.where() + ": " + part.kind() + ": " + part.detail());
  }

  synchronized void notAcknowledged(String where, NotAcknowledged failure) {
    if (failure.tooLarge()) {
      notPublished(where, "too large for the Kafka topic", failure.getMessage());
    } else {
      kafkaFailed = true;
      notPublished(where, "not acknowledged by Kafka", failure.getMessage());
    }
  }

  synchronized void notPublished(String where, String kind) {
    notPublished(where, kind, null);
  }

  private void notPublished(String where, String kind, String detail) {
    notPublished++;
    notPublishedByKind.merge(kind, 1, Integer::sum);
    detail(where + ": " + kind + (detail != null ? ": " + detail : ""));
  }

  private void detail(String line) {
    if (details.size() < DETAILS_KEPT) {
      details.add(line);
    } else {
      detailsDropped++;
    }
  }

  synchronized boolean kafkaFailed() {
    return kafkaFailed;
  }

  /** Records whose fate is known. */
  synchronized int handled() {
    return published + rejected + notPublished;
  }

  synchronized boolean clean() {
    return rejected == 0 && notPublished == 0;
  }

  /** Every record that did not make it, and why. */
  synchronized void report(PrintWriter err) {
    details.forEach(line -> err.println("redress import: " + line));
    if (detailsDropped > 0) {
      err.println("redress import: ... and " + detailsDropped + " more");
    }
    err.flush();
  }

  synchronized String summary(int files, String topic) {
    StringBuilder summary = new StringBuilder()
        .append("Read ").append(read).append(read == 1 ? " record" : " records")
        .append(" from ").append(files).append(files == 1 ? " file" : " files").append(": ")
        .append(published).append(" published to ").append(topic).append(", ")
        .append(rejected).append(" rejected, ")
        .append(notPublished).append(" not published.");
    rejectedByKind.forEach((kind, count) -> summary.append("\n  rejected, ").append(kind).append(": ").append(count));
    notPublishedByKind.forEach((kind, count) -> summary.append("\n  not published, ").append(kind).append(": ")
        .append(count));
    return summary.toString();
  }
}
