package io.redress.exceptions;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.redress.operations.InvalidInput;
import io.redress.operations.Printable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The reviewed file of exceptions that {@code exceptions sync} makes the topic match:
 *
 * <pre>
 * exceptions:
 *   - scope: control=S3.8;resource=arn:aws:s3:::acme-public-website   # or a map: {control: S3.8, resource: ...}
 *     reason: The public website bucket serves public content by design
 *     approver: ciso@example.com
 *     expires: 2027-01-31          # a date or an instant: a reviewed file must not move as time passes
 *     ticket: SEC-1234             # optional
 * </pre>
 *
 * Every entry is checked before anything is published; the first problem is reported with its entry.
 */
public final class ExceptionsFile {

  private static final Set<String> ENTRY_KEYS = Set.of("scope", "reason", "approver", "expires", "ticket");

  private ExceptionsFile() {
  }

  /** @return the requested exceptions by scope key, in file order */
  public static Map<String, ExceptionRequest> read(Path file, Instant now, Duration maxExpiry) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (JacksonException e) {
      throw new InvalidInput(file + ": not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidInput(file.toAbsolutePath() + ": cannot read: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.path("exceptions").isArray() || root.size() != 1) {
      throw new InvalidInput(file + ": expected one key, 'exceptions', holding a list (it may be empty: [])");
    }
    Map<String, ExceptionRequest> requests = new LinkedHashMap<>();
    // By matching key: one scope once, whatever the case of its control.
    Map<String, String> listed = new HashMap<>();
    int index = 0;
    for (JsonNode entry : root.path("exceptions")) {
      String where = file + ": exceptions[" + index++ + "]";
      ExceptionRequest request;
      try {
        request = entry(entry, now, maxExpiry);
      } catch (InvalidInput e) {
        throw new InvalidInput(where + ": " + e.getMessage());
      }
      String earlier = listed.putIfAbsent(ExceptionScope.matchingKey(request.key()), request.key());
      if (earlier != null) {
        throw new InvalidInput(where + ": scope " + Printable.of(request.key()) + " is listed twice"
            + (earlier.equals(request.key()) ? "" : " (as " + Printable.of(earlier) + ": control ids have no case)"));
      }
      requests.put(request.key(), request);
    }
    return requests;
  }

  private static ExceptionRequest entry(JsonNode entry, Instant now, Duration maxExpiry) {
    if (!entry.isObject()) {
      throw new InvalidInput("expected a map with scope, reason, approver, expires and optionally ticket");
    }
    for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ENTRY_KEYS.contains(name)) {
        throw new InvalidInput("unknown key '" + Printable.of(name) + "'; the keys are " + ENTRY_KEYS);
      }
    }
    String expires = text(entry, "expires");
    if (expires == null) {
      throw new InvalidInput("expires: required (a date like 2027-01-31 or an instant)");
    }
    if (!expires.contains("-")) {
      throw new InvalidInput("expires: '" + Printable.of(expires) + "' is relative; a reviewed file states a date"
          + " like 2027-01-31 or an instant, so that it means the same at every sync");
    }
    return new ExceptionRequest(scope(entry.get("scope")), text(entry, "reason"), text(entry, "approver"),
        ExceptionRequest.absoluteExpiry(expires), text(entry, "ticket")).within(now, maxExpiry);
  }

  private static ExceptionScope scope(JsonNode scope) {
    if (scope == null || scope.isNull()) {
      throw new InvalidInput("scope: required");
    }
    if (scope.isTextual()) {
      return ScopeSyntax.parse(scope.asText());
    }
    if (!scope.isObject()) {
      throw new InvalidInput("scope: expected name=value pairs joined by ';' or a map");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    scope.fields().forEachRemaining(field -> fields.put(field.getKey(), scalar("scope." + field.getKey(), field.getValue())));
    return ScopeSyntax.of(fields);
  }

  private static String text(JsonNode entry, String key) {
    JsonNode value = entry.get(key);
    return value == null || value.isNull() ? null : scalar(key, value);
  }

  private static String scalar(String key, JsonNode value) {
    if (!value.isValueNode()) {
      throw new InvalidInput(key + ": expected a single value");
    }
    return value.asText();
  }
}
