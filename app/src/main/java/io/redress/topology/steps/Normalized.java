package io.redress.topology.steps;

import io.redress.contract.DeadLetter;
import io.redress.contract.Finding;

/** One output of the normalize step: a finding to decide on, or an input to keep on the dead-letter topic. */
public sealed interface Normalized {

  record Accepted(Finding finding) implements Normalized {
  }

  record Rejected(DeadLetter deadLetter) implements Normalized {
  }
}
