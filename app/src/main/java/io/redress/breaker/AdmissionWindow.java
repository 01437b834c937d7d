package io.redress.breaker;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The admissions of the last window, per scope, counted without reading them one by one: each scope keeps its
 * admission times sorted, so a count is a binary search and recording an admission in time order is an append.
 * Scanning every admission of the window for each scope of each command made the breaker's cost grow with the
 * square of the admissions when thresholds are high.
 *
 * <p>It forgets exactly what the breaker's changelogged window store forgets, so that a count here always equals
 * what reading that store returns: the latest admission time recorded so far (over every scope) is the stream
 * time; an admission one window or more before it is not kept, and a count never reaches further back than one
 * window before it, whatever {@code from} asks.
 */
public final class AdmissionWindow implements Admissions {

  /** Scopes with nothing left in the window are dropped after this many admissions, so idle accounts cost nothing. */
  private static final int SWEEP_EVERY = 4096;

  private final long window;
  private final Map<String, SortedTimes> scopes = new HashMap<>();
  private long streamTime = -1;
  private int sinceSweep;

  /** @param windowMillis the breaker's window, which is also its admissions store's retention */
  public AdmissionWindow(long windowMillis) {
    this.window = windowMillis;
  }

  @Override
  public int countSince(String scope, long from) {
    SortedTimes times = scopes.get(scope);
    if (times == null) {
      return 0;
    }
    times.dropBefore(oldestKept());
    return times.countAtOrAfter(Math.max(from, oldestKept()));
  }

  @Override
  public long latest() {
    return streamTime;
  }

  @Override
  public void record(List<String> admittedIn, String commandId, long at) {
    streamTime = Math.max(streamTime, at);
    if (at < oldestKept()) {
      return;
    }
    for (String scope : admittedIn) {
      scopes.computeIfAbsent(scope, name -> new SortedTimes()).add(at);
    }
    sinceSweep += admittedIn.size();
    if (sinceSweep >= SWEEP_EVERY) {
      sweep();
    }
  }

  private long oldestKept() {
    return streamTime - window + 1;
  }

  private void sweep() {
    sinceSweep = 0;
    long oldest = oldestKept();
    for (Iterator<SortedTimes> each = scopes.values().iterator(); each.hasNext(); ) {
      SortedTimes times = each.next();
      times.dropBefore(oldest);
      if (times.isEmpty()) {
        each.remove();
      }
    }
  }

  /** Admission times in ascending order in {@code times[head..end)}; duplicates kept. */
  private static final class SortedTimes {

    private long[] times = new long[16];
    private int head;
    private int end;

    void add(long at) {
      if (end == times.length) {
        makeRoom();
      }
      int position = firstAfter(at);
      System.arraycopy(times, position, times, position + 1, end - position);
      times[position] = at;
      end++;
    }

    void dropBefore(long oldest) {
      if (head < end && times[head] < oldest) {
        head = firstAtOrAfter(oldest);
      }
    }

    int countAtOrAfter(long from) {
      return end - firstAtOrAfter(from);
    }

    boolean isEmpty() {
      return head == end;
    }

    private void makeRoom() {
      int size = end - head;
      long[] target = size * 2 > times.length ? new long[times.length * 2] : times;
      System.arraycopy(times, head, target, 0, size);
      times = target;
      head = 0;
      end = size;
    }

    private int firstAtOrAfter(long from) {
      int low = head;
      int high = end;
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (times[middle] < from) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      return low;
    }

    private int firstAfter(long at) {
      return at == Long.MAX_VALUE ? end : firstAtOrAfter(at + 1);
    }
  }
}
