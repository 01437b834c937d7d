package io.redress.chaos;

/** What Redress must make of one input: every input is accounted for by exactly one output. */
enum Expectation {
  /** A valid finding: exactly one decision, no dead letter. */
  DECISION("decision"),
  /** An unusable input: exactly one dead letter on redress.dlq, no decision. */
  DEAD_LETTER("dead letter"),
  /**
   * An input whose text fields only people read are oversized: cutting the text and deciding is as right as
   * refusing the input whole, so either one decision or one dead letter, never both and never neither.
   */
  EITHER("decision or dead letter");

  private final String label;

  Expectation(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
