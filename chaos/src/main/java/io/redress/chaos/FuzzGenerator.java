package io.redress.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds one hostile input of a given kind. Every choice comes from one seeded {@link Random}, used in input order
 * on one thread, so a seed names the same inputs again (only the timestamps in the events differ).
 *
 * <p>Inputs built from an event start from the valid S3.8 event with one thing broken, on a resource in an account
 * of its own, so whatever Redress makes of it (a decision, a dead letter of any later step) can be traced back.
 */
final class FuzzGenerator {

  private static final long FUZZ_ACCOUNTS_FROM = 200_000_000_000L;
  /** Stands where bytes that JSON cannot carry are put into the serialized event. */
  private static final String SPLICE = "@@SPLICE@@";
  private static final String QUOTED_SPLICE = "\"" + SPLICE + "\"";

  private final Random random;
  private final int hugeFieldLength;
  private final int nestingDepth;
  private final Map<FuzzKind, List<Variant>> variants;

  /**
   * @param hugeFieldLength length of the "1 MB" fields: keep the whole event under the broker's 1 MiB record
   *     limit, since an input the broker refuses never reaches Redress
   * @param nestingDepth levels of the deeply nested inputs
   */
  FuzzGenerator(Random random, int hugeFieldLength, int nestingDepth) {
    this.random = random;
    this.hugeFieldLength = hugeFieldLength;
    this.nestingDepth = nestingDepth;
    this.variants = FuzzVariants.of(this);
  }

  Payload generate(FuzzKind kind, String key, String phase, int seq) {
    List<Variant> choices = variants.get(kind);
    Variant variant = choices.get(random.nextInt(choices.size()));
    String account = String.format("%012d", FUZZ_ACCOUNTS_FROM + seq);
    ObjectNode event = FindingEvents.publicBucket(account, "chaos-fuzz-" + seq);
    byte[] value = variant.build().apply(event);
    Input input = variant.fromEvent()
        ? FindingEvents.describe(key, phase, kind.label(), variant.name(), kind.expectation(), event)
        : new Input(key, phase, kind.label(), variant.name(), kind.expectation(), null, null);
    return new Payload(input, value);
  }

  /** Letters, {@code length} of them. */
  String letters(int length) {
    char[] letters = new char[length];
    for (int i = 0; i < length; i++) {
      letters[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(letters);
  }

  String huge() {
    return letters(hugeFieldLength);
  }

  byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  int randomInt(int bound) {
    return random.nextInt(bound);
  }

  int nestingDepth() {
    return nestingDepth;
  }

  /** A form of a kind: what it is called, and how it turns the valid event into bytes (null: no value at all). */
  record Variant(String name, boolean fromEvent, Function<ObjectNode, byte[]> build) {

    /** The event with one change, serialized. */
    static Variant change(String name, Consumer<ObjectNode> change) {
      return new Variant(name, true, event -> {
        change.accept(event);
        return FindingEvents.bytes(event);
      });
    }

    /** Bytes that owe nothing to the event. */
    static Variant raw(String name, Supplier<byte[]> bytes) {
      return new Variant(name, false, event -> bytes.get());
    }

    /**
     * The event with one text field set by {@code mark} to contain {@link #SPLICE}, serialized, then the marker
     * replaced by {@code bytes}: how bytes that a JSON writer would never produce get into an otherwise valid event.
     */
    static Variant spliced(String name, Consumer<ObjectNode> mark, byte[] bytes) {
      return new Variant(name, true, event -> {
        mark.accept(event);
        return splice(FindingEvents.bytes(event), SPLICE, bytes);
      });
    }

    /** Like {@link #spliced}, replacing a whole JSON value (the marker and its quotes). */
    static Variant splicedValue(String name, Consumer<ObjectNode> mark, Supplier<byte[]> value) {
      return new Variant(name, true, event -> {
        mark.accept(event);
        return splice(FindingEvents.bytes(event), QUOTED_SPLICE, value.get());
      });
    }
  }

  static String marker() {
    return SPLICE;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] splice(byte[] serialized, String marker, byte[] replacement) {
    byte[] target = ascii(marker);
    int at = indexOf(serialized, target);
    if (at < 0) {
      throw new IllegalStateException("the splice marker is missing from the serialized event");
    }
    byte[] spliced = Arrays.copyOf(serialized, serialized.length - target.length + replacement.length);
    System.arraycopy(replacement, 0, spliced, at, replacement.length);
    System.arraycopy(serialized, at + target.length, spliced, at + replacement.length,
        serialized.length - at - target.length);
    return spliced;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
