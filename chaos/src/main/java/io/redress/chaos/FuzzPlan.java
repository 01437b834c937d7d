package io.redress.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The fuzz phase's inputs in sending order: each kind's share of the fuzzed inputs (every kind at least once when
 * there are enough), the valid findings mixed in, shuffled by the seed. Inputs are built one by one as they are
 * sent, so megabyte inputs never pile up in memory.
 */
final class FuzzPlan {

  static final String PHASE = "fuzz";

  private FuzzPlan() {
  }

  static Iterator<Payload> inputs(Random random, FuzzGenerator generator, int fuzzed, int valid) {
    // One slot per input: a fuzz kind, or null for a valid finding.
    List<FuzzKind> slots = new ArrayList<>(fuzzed + valid);
    shares(fuzzed).forEach((kind, count) -> slots.addAll(Collections.nCopies(count, kind)));
    slots.addAll(Collections.nCopies(valid, null));
    Collections.shuffle(slots, random);
    return new Iterator<>() {
      private int next;
      private int validSent;

      @Override
      public boolean hasNext() {
        return next < slots.size();
      }

      @Override
      public Payload next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int seq = next++;
        FuzzKind kind = slots.get(seq);
        return kind == null
            ? ValidFindings.finding(PHASE, "f", validSent++)
            : generator.generate(kind, String.format("fuzz-%06d-%s", seq, kind.keyPart()), PHASE, seq);
      }
    };
  }

  /** How many inputs of each kind: by weight, largest remainders first, every kind once if {@code total} allows. */
  static Map<FuzzKind, Integer> shares(int total) {
    FuzzKind[] kinds = FuzzKind.values();
    int floor = total >= kinds.length ? 1 : 0;
    int rest = total - floor * kinds.length;
    int weights = 0;
    for (FuzzKind kind : kinds) {
      weights += kind.weight();
    }
    Map<FuzzKind, Integer> counts = new EnumMap<>(FuzzKind.class);
    List<FuzzKind> byRemainder = new ArrayList<>(List.of(kinds));
    int assigned = 0;
    for (FuzzKind kind : kinds) {
      int share = (int) ((long) rest * kind.weight() / weights);
      counts.put(kind, floor + share);
      assigned += floor + share;
    }
    int totalWeights = weights;
    byRemainder.sort((a, b) -> Long.compare(
        (long) rest * b.weight() % totalWeights, (long) rest * a.weight() % totalWeights));
    for (int i = 0; assigned < total; i++, assigned++) {
      counts.merge(byRemainder.get(i % kinds.length), 1, Integer::sum);
    }
    return counts;
  }
}
