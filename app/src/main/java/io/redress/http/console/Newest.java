package io.redress.http.console;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The latest records of a kind, at most a fixed number, newest first by the time each carries. The console reads a
 * topic partition by partition, so the order records are read in is not their age: after a start the last partition
 * read would otherwise fill the list. Records of equal time keep the order read, which within a partition is the
 * order written. Not thread-safe: {@link LiveState} guards it.
 */
final class Newest<T> {

  private final int kept;
  private final TreeSet<Read<T>> records;
  private long reads;

  /** @param time when a record happened, by which it is ordered */
  Newest(int kept, Function<T, Instant> time) {
    this.kept = kept;
    Comparator<Read<T>> oldestFirst = Comparator.comparing((Read<T> read) -> time.apply(read.record()))
        .thenComparingLong(Read::sequence);
    this.records = new TreeSet<>(oldestFirst.reversed());
  }

  void add(T record) {
    records.add(new Read<>(record, reads++));
    if (records.size() > kept) {
      records.pollLast();
    }
  }

  void clear() {
    records.clear();
  }

  List<T> matching(Predicate<T> which) {
    return records.stream().map(Read::record).filter(which).toList();
  }

  private record Read<T>(T record, long sequence) {
  }
}
