package io.redress.decision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ids are what lets an executor or notifier recognise a second delivery of the same work, and only that. */
class IdsTest {

  @Test
  void theSameInputAlwaysGivesTheSameId() {
    assertThat(Ids.of("command", "finding-1", "S3.8")).isEqualTo(Ids.of("command", "finding-1", "S3.8"));
  }

  @Test
  void aDifferentPartGivesADifferentId() {
    assertThat(Ids.of("command", "finding-1", "S3.8")).isNotEqualTo(Ids.of("command", "finding-2", "S3.8"));
    assertThat(Ids.of("command", "finding-1", "S3.8")).isNotEqualTo(Ids.of("command", "finding-1", "S3.2"));
  }

  @Test
  void partsAreSeparatedSoMovingABoundaryChangesTheId() {
    assertThat(Ids.of("decision", "ab", "c")).isNotEqualTo(Ids.of("decision", "a", "bc"));
    assertThat(Ids.of("decision", "abc")).isNotEqualTo(Ids.of("decision", "ab", "c"));
  }

  @Test
  void anIdNamesItsKindAndCarriesNinetySixBitsOfHashInHex() {
    assertThat(Ids.of("lesson", "x")).matches("lesson-[0-9a-f]{24}");
  }

  @Test
  void theKindIsPartOfTheIdNotOfTheHash() {
    assertThat(Ids.of("lesson", "x").substring("lesson-".length()))
        .isEqualTo(Ids.of("breaker", "x").substring("breaker-".length()));
  }

  /** Ids already on the topics must come out the same, or a replay would do the same work twice. */
  @Test
  void knownIdsComeOutAsTheyAlwaysDid() {
    Ids.of("lesson", "something else first");

    assertThat(Ids.of("command", "finding-1", "S3.8")).isEqualTo("command-4e2154513e17a88917e85d5e");
    assertThat(Ids.of("decision", "é", "")).isEqualTo("decision-b11c5140a383a7fa5046a4b9");
  }
}
