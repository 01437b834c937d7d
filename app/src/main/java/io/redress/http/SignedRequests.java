package io.redress.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code sha256=} and the hex HMAC-SHA256, keyed with the source's secret, of the timestamp
 * (Unix seconds, as sent in {@value #TIMESTAMP_HEADER}), a {@code .}, and the body's bytes. Signing the timestamp
 * with the body is what makes the replay window enforceable: a captured body cannot be re-sent under a new time.
 */
public final class SignedRequests {

  public static final String TIMESTAMP_HEADER = "X-Redress-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Redress-Signature";
  private static final String PREFIX = "sha256=";
  private static final int DIGEST_BYTES = 32;

  private SignedRequests() {
  }

  /** The header value a sender puts in {@value #SIGNATURE_HEADER}. */
  public static String signature(String secret, String timestamp, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, timestamp, body));
  }

  /** The digest a signature header carries, or empty when it is not {@code sha256=} and 64 hex digits. */
  static Optional<byte[]> digest(String signatureHeader) {
    String value = signatureHeader.strip();
    if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        || value.length() != PREFIX.length() + 2 * DIGEST_BYTES) {
      return Optional.empty();
    }
    try {
      return Optional.of(HexFormat.of().parseHex(value, PREFIX.length(), value.length()));
    } catch (IllegalArgumentException notHex) {
      return Optional.empty();
    }
  }

  /** Compares in constant time, so the time a refusal takes tells nothing about how much of a guess was right. */
  static boolean matches(String secret, String timestamp, byte[] body, byte[] digest) {
    return MessageDigest.isEqual(hmac(secret, timestamp, body), digest);
  }

  /**
   * Compares an API key in constant time: both sides are hashed first, so neither a differing length nor a
   * matching prefix shows in the time taken.
   */
  static boolean sameKey(String expected, String given) {
    return MessageDigest.isEqual(sha256(expected), sha256(given));
  }

  private static byte[] hmac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
