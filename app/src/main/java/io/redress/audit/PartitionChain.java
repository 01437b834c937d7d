package io.redress.audit;

import io.redress.audit.ChainBreak.Kind;
import io.redress.chain.HashChain;
import io.redress.chain.HashChain.Link;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Follows one partition's hash chain, record by record in offset order, and finds the first record out of place.
 *
 * <p>Records written before the chain existed (no hash) are counted as unchained up to the first chained record.
 * Where a record does not link to the one before it, the records after it tell what happened: if one of them links
 * to the last good record, the record was inserted; if its own predecessor comes later, the partition was
 * reordered; if its predecessor is nowhere, records were removed.
 */
final class PartitionChain {

  /** How many records after a broken link are read to tell what broke it. */
  static final int LOOKAHEAD = 64;
  /** How many hashes of the chain so far are remembered, to recognise a link to an earlier record. */
  static final int REMEMBERED = 4096;

  private record Entry(long offset, Link link, String unreadable) {
  }

  private final String topic;
  private final int partition;
  private final long logStart;
  private final List<Entry> suspect = new ArrayList<>();
  /** Hashes of the chain so far, the newest last, with their offsets. */
  private final LinkedHashMap<String, Long> earlier = new LinkedHashMap<>();
  private long records;
  private long unchained;
  private boolean started;
  private String head;
  private long headOffset = -1;
  private Optional<Long> chainStartAfterRetention = Optional.empty();
  private Optional<String> expectedHead = Optional.empty();
  private boolean expectedHeadSeen;
  private long nextOffset;
  private ChainBreak broken;

  /** @param logStart the partition's first offset still stored: records before it went by retention */
  PartitionChain(String topic, int partition, long logStart) {
    this.topic = topic;
    this.partition = partition;
    this.logStart = logStart;
  }

  /** A head noted by an earlier run: the chain must still hold it, or records were removed from its end. */
  void expectHead(String hash) {
    expectedHead = Optional.of(hash);
  }

  void accept(long offset, byte[] value) {
    records++;
    nextOffset = offset + 1;
    if (broken != null) {
      return;
    }
    Entry entry = entry(offset, value);
    if (!suspect.isEmpty()) {
      suspect.add(entry);
      if (suspect.size() > LOOKAHEAD) {
        broken = explainBreak();
      }
      return;
    }
    broken = check(entry);
  }

  /** The first break, once every record was given; empty when the chain holds. */
  Optional<ChainBreak> finish() {
    if (broken == null && !suspect.isEmpty()) {
      broken = explainBreak();
    }
    if (broken == null && expectedHead.isPresent() && !expectedHeadSeen) {
      broken = new ChainBreak(topic, partition, Math.max(nextOffset, logStart), Kind.REMOVED, "the head noted before, "
          + AuditText.plain(expectedHead.get()) + ", is not in the chain: records up to it were removed, or the"
          + " chain was rewritten");
    }
    return Optional.ofNullable(broken);
  }

  private static Entry entry(long offset, byte[] value) {
    try {
      return new Entry(offset, HashChain.read(value), null);
    } catch (IllegalArgumentException e) {
      return new Entry(offset, null, e.getMessage());
    }
  }

  /** @return the break this record shows on its own, or null (it extends the chain, or is suspect) */
  private ChainBreak check(Entry entry) {
    if (entry.unreadable() != null) {
      return at(entry, Kind.UNREADABLE, entry.unreadable());
    }
    Link link = entry.link();
    if (!link.chained()) {
      if (started) {
        return at(entry, Kind.INSERTED, "it carries no hash, yet the chain began before it");
      }
      unchained++;
      return null;
    }
    if (!link.intact()) {
      return at(entry, Kind.ALTERED, "its content does not match its hash");
    }
    boolean follows = started ? link.previous() != null && link.previous().equals(head)
        : link.previous() == null || startsAfterRetention(entry);
    if (follows) {
      extend(entry);
    } else {
      suspect.add(entry);
    }
    return null;
  }

  /**
   * Retention (or a deletion of records) took its predecessor: nothing before it is left to check it against. The
   * first record read need not sit at the log start: decisions and results are written in transactions, so the
   * log may begin with a commit marker or an aborted batch, which a read_committed reader skips.
   */
  private boolean startsAfterRetention(Entry entry) {
    if (logStart > 0 && records == 1) {
      chainStartAfterRetention = Optional.of(entry.offset());
      return true;
    }
    return false;
  }

  private void extend(Entry entry) {
    started = true;
    head = entry.link().hash();
    headOffset = entry.offset();
    expectedHeadSeen |= expectedHead.filter(head::equals).isPresent();
    earlier.put(head, headOffset);
    if (earlier.size() > REMEMBERED) {
      Iterator<String> oldest = earlier.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  private ChainBreak explainBreak() {
    Entry first = suspect.get(0);
    String previous = first.link().previous();
    List<Entry> later = suspect.subList(1, suspect.size());
    for (Entry next : later) {
      if (next.link() != null && next.link().chained() && next.link().hash().equals(previous)) {
        return at(first, Kind.REORDERED, "the record it follows in the chain comes later, at offset "
            + next.offset());
      }
    }
    for (Entry next : later) {
      if (started && next.link() != null && next.link().intact() && head.equals(next.link().previous())) {
        return at(first, Kind.INSERTED, "the record at offset " + next.offset()
            + " links to the record before it, at offset " + headOffset);
      }
    }
    Long linkedTo = previous == null ? null : earlier.get(previous);
    if (linkedTo != null) {
      return new ChainBreak(topic, partition, linkedTo + 1, Kind.INSERTED, "the record at offset "
          + first.offset() + " links to the record at offset " + linkedTo + ", not to the one after it");
    }
    if (previous == null) {
      return at(first, Kind.INSERTED, "it starts a new chain in the middle of the partition");
    }
    return at(first, Kind.REMOVED, "the record it follows in the chain is missing (removed, or altered and its hash"
        + " recomputed)");
  }

  private ChainBreak at(Entry entry, Kind kind, String detail) {
    return new ChainBreak(topic, partition, entry.offset(), kind, detail);
  }

  String topic() {
    return topic;
  }

  int partition() {
    return partition;
  }

  long records() {
    return records;
  }

  long unchained() {
    return unchained;
  }

  /** The last record's hash, for an auditor to note outside Kafka; empty when no record is chained yet. */
  Optional<String> head() {
    return Optional.ofNullable(head);
  }

  long headOffset() {
    return headOffset;
  }

  /** Where the chain begins on records whose predecessors went by retention, if it does. */
  Optional<Long> chainStartAfterRetention() {
    return chainStartAfterRetention;
  }
}
