package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/** The array of findings a record carries, checked before any finding in it is read. */
final class Batches {

  private Batches() {
  }

  static JsonNode nonEmptyArray(JsonNode node, String path) throws MalformedFindingException {
    if (node.isMissingNode() || node.isNull()) {
      throw new MalformedFindingException("the event has no " + path);
    }
    if (!node.isArray()) {
      throw new MalformedFindingException(path + " is not an array");
    }
    if (node.isEmpty()) {
      throw new MalformedFindingException(path + " is empty: the record carries no findings");
    }
    return node;
  }
}
