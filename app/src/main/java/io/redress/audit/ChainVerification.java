package io.redress.audit;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Checks the hash chain of every partition of the decisions and results topics from its first stored record to what
 * is committed now, and says where the first record out of place is on each partition.
 */
public final class ChainVerification {

  /** What one partition showed. */
  public record PartitionResult(String topic, int partition, long records, long unchained, Optional<String> head,
      long headOffset, Optional<Long> startsAfterRetention, Optional<ChainBreak> broken) {

    private String describe() {
      String where = AuditText.plain(topic) + "-" + partition;
      if (broken.isPresent()) {
        return broken.get().describe();
      }
      if (records == 0) {
        return where + ": no records";
      }
      String before = unchained == 0 ? "" : ", " + unchained + " of them written before the chain existed";
      String retention = startsAfterRetention.map(offset -> "; records before offset " + offset
          + " are gone (retention), the chain is checked from there").orElse("");
      return where + ": " + records + " record(s)" + before + retention + head
          .map(hash -> ", intact, head " + hash + " at offset " + headOffset)
          .orElse(", none chained yet");
    }
  }

  /** Every partition's result, in topic and partition order. */
  public record Result(List<PartitionResult> partitions) {
    public List<ChainBreak> breaks() {
      return partitions.stream().flatMap(result -> result.broken().stream()).toList();
    }

    public boolean intact() {
      return breaks().isEmpty();
    }

    /** One line per partition (its break, or its head for an auditor to note), then the verdict. */
    public void print(PrintWriter out) {
      partitions.forEach(result -> out.println(result.describe()));
      if (intact()) {
        out.println("audit verify: every chain is intact; note the heads above outside Kafka to detect later"
            + " removal of the newest records");
      } else {
        out.println("audit verify: the chain is broken on " + breaks().size() + " partition(s)");
      }
      out.flush();
    }
  }

  private ChainVerification() {
  }

  /** Reads the topics whole (each partition in offset order) and follows each partition's chain. */
  public static Result verify(Properties clientProperties, List<String> topics, AuditReader.Progress progress) {
    return verify(clientProperties, topics, Map.of(), progress);
  }

  /**
   * As {@link #verify(Properties, List, AuditReader.Progress)}, also checking that each noted head is still in its
   * partition's chain.
   *
   * @param notedHeads head hashes an earlier run printed, by {@code topic-partition}
   */
  public static Result verify(Properties clientProperties, List<String> topics, Map<String, String> notedHeads,
      AuditReader.Progress progress) {
    Map<String, PartitionChain> chains = new HashMap<>();
    try (AuditReader reader = new AuditReader(clientProperties)) {
      for (String topic : topics) {
        reader.logStarts(topic).forEach((partition, start) ->
            chains.put(topic + "-" + partition, new PartitionChain(topic, partition, start)));
      }
      notedHeads.forEach((partition, hash) -> {
        PartitionChain chain = chains.get(partition);
        if (chain == null) {
          throw new IllegalArgumentException("a head was noted for " + AuditText.plain(partition)
              + ", which is no partition of " + topics);
        }
        chain.expectHead(hash);
      });
      reader.read(topics.stream().map(topic -> new AuditReader.Selection(topic, TimeRange.ALL)).toList(),
          record -> chains.get(record.topic() + "-" + record.partition()).accept(record.offset(), record.value()),
          progress);
    }
    List<PartitionResult> results = new ArrayList<>();
    for (PartitionChain chain : chains.values()) {
      Optional<ChainBreak> broken = chain.finish();
      results.add(new PartitionResult(chain.topic(), chain.partition(), chain.records(), chain.unchained(),
          chain.head(), chain.headOffset(), chain.chainStartAfterRetention(), broken));
    }
    results.sort(Comparator.comparing((PartitionResult result) -> topics.indexOf(result.topic()))
        .thenComparingInt(PartitionResult::partition));
    return new Result(List.copyOf(results));
  }
}
