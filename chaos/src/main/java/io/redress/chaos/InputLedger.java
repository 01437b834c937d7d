package io.redress.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every input the harness sent, and those the broker never acknowledged: an input the broker refused never
 * entered Redress, so nothing is expected of it.
 */
final class InputLedger {

  private final List<Input> sent = new ArrayList<>();
  private final Map<String, String> refused = new ConcurrentHashMap<>();

  synchronized void sent(Input input) {
    sent.add(input);
  }

  void refused(Input input, Exception why) {
    refused.put(input.key(), why.toString());
  }

  /** The inputs the broker acknowledged, in sending order. */
  synchronized List<Input> accepted() {
    return sent.stream().filter(input -> !refused.containsKey(input.key())).toList();
  }

  Map<String, String> refused() {
    return Map.copyOf(refused);
  }
}
