package io.redress.chaos;

import java.util.Locale;

/**
 * The kinds of hostile input the fuzz phase mixes in, each with what Redress must make of it and its share of the
 * mix. Inputs near the 1 MB record limit get small shares: a few dozen are as telling as thousands and keep the
 * run's disk and time modest.
 */
enum FuzzKind {
  RANDOM_BYTES("random bytes", Expectation.DEAD_LETTER, 30),
  TRUNCATED_JSON("truncated JSON", Expectation.DEAD_LETTER, 30),
  DEEPLY_NESTED("deeply nested JSON", Expectation.DEAD_LETTER, 2),
  HUGE_TITLE("1 MB Title", Expectation.EITHER, 1),
  HUGE_DESCRIPTION("1 MB Description", Expectation.EITHER, 1),
  HUGE_TAG_VALUE("1 MB tag value", Expectation.EITHER, 1),
  HUGE_RESOURCE_ID("1 MB Resources[0].Id", Expectation.DEAD_LETTER, 1),
  NON_UTF8("non-UTF-8 bytes", Expectation.DEAD_LETTER, 20),
  WRONG_TYPES("wrong JSON types", Expectation.DEAD_LETTER, 30),
  HOSTILE_IDS("hostile ids", Expectation.DEAD_LETTER, 30),
  FAR_FUTURE("year-99999 timestamps", Expectation.DEAD_LETTER, 10),
  EMPTY("empty records", Expectation.DEAD_LETTER, 10),
  NULLS("null values", Expectation.DEAD_LETTER, 16);

  private final String label;
  private final Expectation expectation;
  private final int weight;

  FuzzKind(String label, Expectation expectation, int weight) {
    this.label = label;
    this.expectation = expectation;
    this.weight = weight;
  }

  String label() {
    return label;
  }

  Expectation expectation() {
    return expectation;
  }

  int weight() {
    return weight;
  }

  String keyPart() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
