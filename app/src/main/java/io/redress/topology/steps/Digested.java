package io.redress.topology.steps;

import io.redress.contract.DeadLetter;
import io.redress.contract.DueLessons;

/** One output of the digest step: lessons to deliver now, or a stored window it cannot read, for the dead letters. */
public sealed interface Digested {

  record Due(DueLessons lessons) implements Digested {
  }

  record Unreadable(DeadLetter deadLetter) implements Digested {
  }
}
