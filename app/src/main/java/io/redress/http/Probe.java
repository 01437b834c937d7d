package io.redress.http;

import java.util.List;

/**
 * The answer to one health probe: whether it passes, and one line per role saying how it is (role names and
 * states only, never text from a finding or a secret, since probes are served without authentication).
 */
public record Probe(boolean passing, List<String> lines) {

  public Probe {
    lines = List.copyOf(lines);
  }
}
