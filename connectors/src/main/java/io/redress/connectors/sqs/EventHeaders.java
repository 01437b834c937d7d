package io.redress.connectors.sqs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing fields of an EventBridge event ({@code source}, {@code detail-type}, {@code account},
 * {@code region}), read from the message body to become record headers.
 *
 * <p>They are what the event claims, so they serve routing and audit only; Redress decides from the body, which
 * it parses and checks itself. A body that is not one well-formed JSON object yields no headers at all (the record
 * still goes to Kafka as received, where the topology dead-letters it), so a header never stems from half an event.
 * A field that is not a short string of well-formed UTF-16 without control characters, format characters (such as
 * U+202E) or line and paragraph separators is left out rather than converted or escaped.
 */
final class EventHeaders {

  static final List<String> NAMES = List.of("source", "detail-type", "account", "region");
  /** Real values are short (an account id is 12 digits, a detail type a few words); longer is not a routing key. */
  static final int MAX_VALUE_LENGTH = 256;
  /** An EventBridge event nests a dozen levels; deeper input is not an event, and must not cost a deep recursion. */
  private static final int MAX_NESTING_DEPTH = 64;

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
      .build();

  private EventHeaders() {
  }

  /** The headers to set, in {@link #NAMES} order; empty when the body is not a well-formed JSON object. */
  static Map<String, String> of(String body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Map.of();
      }
      Map<String, String> found = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING && NAMES.contains(name)) {
          String text = parser.getText();
          if (text.length() <= MAX_VALUE_LENGTH && text.codePoints().allMatch(EventHeaders::plain)) {
            found.put(name, text);
          }
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        return Map.of();
      }
      return inOrder(found);
    } catch (IOException notWellFormed) {
      return Map.of();
    }
  }

  /**
   * Control characters, line and paragraph separators can forge lines of audit text, and format characters can
   * hide or reorder it (U+202E shows what follows right to left). An unpaired surrogate, which an escaped JSON
   * string may hold, has no UTF-8 form: the header would carry '?' in its place.
   */
  private static boolean plain(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE -> false;
      default -> true;
    };
  }

  private static Map<String, String> inOrder(Map<String, String> found) {
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String name : NAMES) {
      if (found.containsKey(name)) {
        ordered.put(name, found.get(name));
      }
    }
    return ordered;
  }
}
