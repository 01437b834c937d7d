package io.redress.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTest {

  @Test
  void short_text_is_quoted_whole() {
    assertThat(Untrusted.quote("acme-payments-exports")).isEqualTo("'acme-payments-exports'");
  }

  @Test
  void text_of_200_characters_is_quoted_whole_and_longer_text_is_cut_naming_its_length() {
    assertThat(Untrusted.quote("x".repeat(200))).isEqualTo("'" + "x".repeat(200) + "'");
    assertThat(Untrusted.quote("x".repeat(1_000_000))).isEqualTo("'" + "x".repeat(200) + "…' (1000000 characters)");
  }

  @Test
  void control_and_invisible_formatting_characters_are_escaped() {
    assertThat(Untrusted.quote("a\u001b[2Jb\u0000c\nd\u202ee\u2028f"))
        .isEqualTo("'a\\u001b[2Jb\\u0000c\\u000ad\\u202ee\\u2028f'");
  }

  @Test
  void quote_and_backslash_are_escaped_inside_quotes_only() {
    assertThat(Untrusted.quote("it's a\\b")).isEqualTo("'it\\'s a\\\\b'");
    assertThat(Untrusted.excerpt("it's a\\b")).isEqualTo("it's a\\b");
  }

  @Test
  void a_pair_of_surrogates_is_kept_and_a_lone_one_escaped() {
    assertThat(Untrusted.quote("🔓")).isEqualTo("'🔓'");
    assertThat(Untrusted.quote("a\ud83db")).isEqualTo("'a\\ud83db'");
    assertThat(Untrusted.quote("a\udd13b")).isEqualTo("'a\\udd13b'");
  }

  @Test
  void a_cut_never_splits_a_pair_of_surrogates() {
    String text = "x".repeat(199) + "🔓" + "tail";

    assertThat(Untrusted.quote(text)).isEqualTo("'" + "x".repeat(199) + "…' (205 characters)");
  }
}
