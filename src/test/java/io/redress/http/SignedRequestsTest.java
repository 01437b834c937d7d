package io.redress.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SignedRequestsTest {

  private static final String SECRET = "0123456789abcdef-secret";
  private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
  /** Computed independently: Python's hmac.new(secret, b"1700000000." + body, hashlib.sha256).hexdigest(). */
  private static final String EXPECTED = "sha256=6948a2dc6985c92d09b9edade5c97dce2ba201452d91a72e4a20d35abe4d3420";

  @Test
  void theSignatureIsTheHmacOfTimestampDotBody() {
    assertThat(SignedRequests.signature(SECRET, "1700000000", BODY)).isEqualTo(EXPECTED);
  }

  @Test
  void aSignatureMatchesOnlyItsOwnSecretTimestampAndBody() {
    byte[] digest = SignedRequests.digest(EXPECTED).orElseThrow();

    assertThat(SignedRequests.matches(SECRET, "1700000000", BODY, digest)).isTrue();
    assertThat(SignedRequests.matches(SECRET + "x", "1700000000", BODY, digest)).isFalse();
    assertThat(SignedRequests.matches(SECRET, "1700000001", BODY, digest)).isFalse();
    assertThat(SignedRequests.matches(SECRET, "1700000000", "{\"a\":2}".getBytes(StandardCharsets.UTF_8), digest))
        .isFalse();
  }

  @Test
  void theHeaderMustBeSha256AndSixtyFourHexDigits() {
    assertThat(SignedRequests.digest(EXPECTED.toUpperCase())).isPresent();
    assertThat(SignedRequests.digest(EXPECTED.substring(7))).isEmpty();
    assertThat(SignedRequests.digest(EXPECTED + "0")).isEmpty();
    assertThat(SignedRequests.digest(EXPECTED.substring(0, EXPECTED.length() - 1))).isEmpty();
    assertThat(SignedRequests.digest("sha1=" + HexFormat.of().formatHex(new byte[33]).substring(0, 66))).isEmpty();
    assertThat(SignedRequests.digest(EXPECTED.substring(0, EXPECTED.length() - 1) + "g")).isEmpty();
  }

  @Test
  void anApiKeyMatchesOnlyItself() {
    assertThat(SignedRequests.sameKey("the-api-key-1234", "the-api-key-1234")).isTrue();
    assertThat(SignedRequests.sameKey("the-api-key-1234", "the-api-key-123")).isFalse();
    assertThat(SignedRequests.sameKey("the-api-key-1234", "the-api-key-12345")).isFalse();
    assertThat(SignedRequests.sameKey("the-api-key-1234", "")).isFalse();
  }
}
