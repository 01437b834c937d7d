package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One JSON object of a finding (ASFF, OCSF, a Config or GuardDuty event), read field by field as the JSON type its
 * format gives each field. A field of another type is a rejection naming the field and the type found, never a
 * conversion: read leniently, {@code "Id": 12345} would become the id "12345" and {@code "Id": {}} an id nobody
 * sent.
 */
final class JsonFields {

  /** An object, or a missing node standing for an absent optional object (its fields then read as missing). */
  private final JsonNode node;
  /** How this object's fields are named in reasons: "" for the finding itself, "Severity." for a nested one. */
  private final String path;
  /** Which finding this is, for reasons: "finding 2 of 3". */
  private final String position;
  /** The finding's Id once known, named in reasons after its position; escaped only when a reason is made. */
  private final String id;

  private JsonFields(JsonNode node, String path, String position, String id) {
    this.node = node;
    this.path = path;
    this.position = position;
    this.id = id;
  }

  static JsonFields finding(JsonNode node, String position) throws MalformedFindingException {
    if (!node.isObject()) {
      throw new MalformedFindingException(position + " is not a JSON object");
    }
    return new JsonFields(node, "", position, null);
  }

  /** The same object, named in reasons by the finding's id from now on. */
  JsonFields identifiedBy(String id) {
    return new JsonFields(node, path, position, id);
  }

  /** A string field; absent, null and blank count as missing. */
  Optional<String> string(String field) throws MalformedFindingException {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw wrongType(name(field), value, "a string");
    }
    return value.textValue().isBlank() ? Optional.empty() : Optional.of(value.textValue());
  }

  String requiredString(String field) throws MalformedFindingException {
    Optional<String> value = string(field);
    if (value.isEmpty()) {
      throw malformed("has no " + name(field));
    }
    return value.get();
  }

  /** A nested object; an absent or null one reads as an object without fields. */
  JsonFields object(String field) throws MalformedFindingException {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return new JsonFields(MissingNode.getInstance(), name(field) + ".", position, id);
    }
    if (!value.isObject()) {
      throw wrongType(name(field), value, "an object");
    }
    return new JsonFields(value, name(field) + ".", position, id);
  }

  /** The first element of a non-empty array of objects. */
  JsonFields first(String arrayField) throws MalformedFindingException {
    JsonNode array = node.path(arrayField);
    if (array.isMissingNode() || array.isNull() || array.isArray() && array.isEmpty()) {
      throw malformed("has no " + name(arrayField));
    }
    if (!array.isArray()) {
      throw wrongType(name(arrayField), array, "an array");
    }
    String element = name(arrayField) + "[0]";
    if (!array.get(0).isObject()) {
      throw wrongType(element, array.get(0), "an object");
    }
    return new JsonFields(array.get(0), element + ".", position, id);
  }

  /** A boolean field; absent and null count as missing. */
  Optional<Boolean> bool(String field) throws MalformedFindingException {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw wrongType(name(field), value, "a boolean");
    }
    return Optional.of(value.booleanValue());
  }

  /** A number field; absent and null count as missing. */
  Optional<Double> number(String field) throws MalformedFindingException {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isNumber()) {
      throw wrongType(name(field), value, "a number");
    }
    return Optional.of(value.doubleValue());
  }

  /** An array of strings; absent or null reads as empty. */
  List<String> strings(String field) throws MalformedFindingException {
    JsonNode array = node.path(field);
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw wrongType(name(field), array, "an array of strings");
    }
    List<String> values = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isTextual()) {
        throw wrongType(name(field) + "[" + i + "]", array.get(i), "a string");
      }
      values.add(array.get(i).textValue());
    }
    return values;
  }

  /** A field as it is, for the few that are not strings (numbers, maps). */
  JsonNode raw(String field) {
    return node.path(field);
  }

  /** How {@code field} of this object is named in reasons, e.g. "Resources[0].Id". */
  String name(String field) {
    return path + field;
  }

  /** A rejection of this finding: {@code problem} follows the finding's name, as in "finding 1 of 2 has no Title". */
  MalformedFindingException malformed(String problem) {
    return new MalformedFindingException(finding() + " " + problem);
  }

  MalformedFindingException wrongType(String fieldName, JsonNode value, String expected) {
    return new MalformedFindingException(
        finding() + ": " + fieldName + " is " + typeOf(value) + ", expected " + expected);
  }

  private static String typeOf(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** "finding 2 of 3", and once its Id is known "finding 2 of 3 (id ...)". */
  private String finding() {
    return id == null ? position : position + " (id " + Untrusted.excerpt(id) + ")";
  }
}
