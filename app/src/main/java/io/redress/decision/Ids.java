package io.redress.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids. A replay of the same input yields the same decision, command and notification ids, which is
 * what lets executors and notifiers treat a second delivery as the same work.
 */
public final class Ids {

  /**
   * Several ids are made per finding, and looking a digest up among the security providers cost a third of making
   * one; each thread keeps its own ({@code digest()} leaves it reset for the next id).
   */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Ids::sha256);
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {
  }

  public static String of(String kind, String... parts) {
    MessageDigest digest = SHA256.get();
    for (String part : parts) {
      digest.update(part.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    return kind + "-" + HEX.formatHex(digest.digest(), 0, 12);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
