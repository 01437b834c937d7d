package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrintableTest {

  /** Each would end a log line or hide text where a person reads it: a forged line could follow it. */
  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r", "\u0085", "\u2028", "\u2029", "\u202e", "\u001b"})
  void aCharacterThatBreaksOrHidesALineIsEscaped(String breaking) {
    String printed = Printable.of("bad" + breaking + "INFO forged");

    assertThat(printed).doesNotContain(breaking)
        .isEqualTo("bad" + String.format("\\u%04x", (int) breaking.charAt(0)) + "INFO forged");
  }
}
