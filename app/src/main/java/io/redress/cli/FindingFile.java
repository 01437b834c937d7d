package io.redress.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.redress.operations.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A file of findings cut into the records {@code redress.findings.raw} takes, each kept byte for byte as it stands
 * in the file (the topology reads records as received and dead-letters what it cannot use):
 * <ul>
 *   <li>a JSON array (Prowler's OCSF output): one record per element;</li>
 *   <li>an ASFF batch, an object holding only {@code "Findings": [...]}: one record per finding;</li>
 *   <li>any other JSON object (an EventBridge event, one ASFF finding, an AWS Config event): one record;</li>
 *   <li>JSON lines (several values one after another, or a {@code .jsonl}/{@code .ndjson} file): each line as above,
 *       a bad line refused on its own.</li>
 * </ul>
 * A record that is not a JSON object, or is larger than {@code ingest.max-record-bytes}, is refused with the reason
 * and where it stands. A file that is not JSON, or breaks off inside its first value, is refused whole, so nothing
 * of a truncated array is half imported; so is a file in UTF-16 or UTF-32, as records are kept byte for byte and
 * Kafka's consumers of {@code redress.findings.raw} read UTF-8.
 */
final class FindingFile {

  /** A piece of a file: a record to publish, or what could not be used and why. */
  sealed interface Part permits Record, Rejected {
    String where();
  }

  /** @param json the record's bytes, exactly as they stand in the file */
  record Record(String where, byte[] json) implements Part {
  }

  /** @param kind what is wrong, to group by in a summary; @param detail the specifics */
  record Rejected(String where, String kind, String detail) implements Part {
  }

  static final String NOT_JSON = "not JSON";
  static final String NOT_AN_OBJECT = "not a JSON object";
  static final String TOO_LARGE = "larger than ingest.max-record-bytes";
  static final String NOT_UTF_8 = "not UTF-8";
  private static final JsonFactory JSON = new JsonFactory();
  private static final int QUOTED_CHARACTERS = 200;

  private final String name;
  private final int maxRecordBytes;

  private FindingFile(String name, int maxRecordBytes) {
    this.name = name;
    this.maxRecordBytes = maxRecordBytes;
  }

  static List<Part> split(String name, byte[] content, int maxRecordBytes) {
    Optional<String> otherEncoding = otherEncoding(content);
    if (otherEncoding.isPresent()) {
      return List.of(new Rejected(name, NOT_UTF_8, otherEncoding.get() + " (as Windows PowerShell 5.1 writes with >);"
          + " save it as UTF-8"));
    }
    FindingFile file = new FindingFile(name, maxRecordBytes);
    String lower = name.toLowerCase(Locale.ROOT);
    if (!lower.endsWith(".jsonl") && !lower.endsWith(".ndjson")) {
      List<Part> whole = file.splitWhole(content);
      if (whole != null) {
        return whole;
      }
    }
    return file.splitLines(content);
  }

  /**
   * The encoding of a file in UTF-16 or UTF-32, told by its byte order mark or, without one, by where its first
   * character's zero bytes stand: a JSON text begins with an ASCII character, and holds no NUL byte in UTF-8.
   */
  private static Optional<String> otherEncoding(byte[] content) {
    if (startsWith(content, 0x00, 0x00, 0xFE, 0xFF) || startsWith(content, 0x00, 0x00)) {
      return Optional.of("UTF-32BE");
    }
    if (startsWith(content, 0xFF, 0xFE, 0x00, 0x00) || startsWith(content, -1, 0x00, 0x00, 0x00)) {
      return Optional.of("UTF-32LE");
    }
    if (startsWith(content, 0xFE, 0xFF) || startsWith(content, 0x00)) {
      return Optional.of("UTF-16BE");
    }
    if (startsWith(content, 0xFF, 0xFE) || startsWith(content, -1, 0x00)) {
      return Optional.of("UTF-16LE");
    }
    return Optional.empty();
  }

  /** Whether the content begins with these bytes, -1 standing for any byte. */
  private static boolean startsWith(byte[] content, int... bytes) {
    if (content.length < bytes.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != -1 && (content[i] & 0xFF) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** The parts of a file holding one JSON value, or null when it holds more (JSON lines). */
  private List<Part> splitWhole(byte[] content) {
    List<Part> parts = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return List.of(new Rejected(name, NOT_JSON, "the file holds no JSON value"));
      }
      int firstLine = parser.currentTokenLocation().getLineNr();
      value(parser, first, content, name, parts);
      // JSON Lines hold one value per line: a first value over several lines with more after it makes the file
      // neither that nor one JSON value, and reading its lines would import whichever happen to be whole.
      int lastLine = parser.currentTokenLocation().getLineNr();
      boolean oneLine = lastLine == firstLine;
      try {
        if (parser.nextToken() == null) {
          return parts;
        }
      } catch (JsonProcessingException afterTheFirstValue) {
        return oneLine ? null : List.of(new Rejected(name, NOT_JSON, reason(afterTheFirstValue)));
      }
      return oneLine ? null : List.of(new Rejected(name, NOT_JSON, "more follows the JSON value that ends on line "
          + lastLine + ": the file is neither one JSON value nor JSON Lines (one"
          + " value per line)"));
    } catch (JsonProcessingException e) {
      return List.of(new Rejected(name, NOT_JSON, reason(e)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Part> splitLines(byte[] content) {
    List<Part> parts = new ArrayList<>();
    int start = 0;
    for (int line = 1; start < content.length; line++) {
      int end = start;
      while (end < content.length && content[end] != '\n') {
        end++;
      }
      if (!blank(content, start, end)) {
        parts.addAll(splitLine(Arrays.copyOfRange(content, start, end), name + ", line " + line));
      }
      start = end + 1;
    }
    if (parts.isEmpty()) {
      parts.add(new Rejected(name, NOT_JSON, "the file holds no JSON value"));
    }
    return parts;
  }

  private List<Part> splitLine(byte[] line, String where) {
    List<Part> parts = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(line)) {
      value(parser, parser.nextToken(), line, where, parts);
      if (parser.nextToken() != null) {
        return List.of(new Rejected(where, NOT_JSON, "more than one JSON value on the line"));
      }
      return parts;
    } catch (JsonProcessingException e) {
      // Where on the line is of little help; the line is named.
      return List.of(new Rejected(where, NOT_JSON, quoted(e.getOriginalMessage())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void value(JsonParser parser, JsonToken token, byte[] source, String where, List<Part> parts)
      throws IOException {
    switch (token) {
      case START_ARRAY -> elements(parser, source, where + ", record ", parts);
      case START_OBJECT -> object(parser, source, where, parts);
      default -> parts.add(new Rejected(where, NOT_AN_OBJECT, "a JSON " + kind(token)));
    }
  }

  /** Each element of the array the parser is at the start of, as a record of its own. */
  private void elements(JsonParser parser, byte[] source, String label, List<Part> parts) throws IOException {
    int index = 0;
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (token == null) {
        throw new JsonParseException(parser, "the array breaks off");
      }
      JsonLocation start = parser.currentTokenLocation();
      String where = label + ++index + " (line " + start.getLineNr() + ")";
      parser.skipChildren();
      if (token == JsonToken.START_OBJECT) {
        parts.add(record(where, source, start.getByteOffset(), parser.currentLocation().getByteOffset()));
      } else {
        parts.add(new Rejected(where, NOT_AN_OBJECT, "a JSON " + kind(token)));
      }
    }
  }

  /** The object the parser is at the start of: split if it is an ASFF batch and nothing else, else whole. */
  private void object(JsonParser parser, byte[] source, String where, List<Part> parts) throws IOException {
    long start = parser.currentTokenLocation().getByteOffset();
    JsonStreamContext outside = parser.getParsingContext().getParent();
    if (parser.nextToken() == JsonToken.FIELD_NAME && "Findings".equals(parser.currentName())
        && parser.nextToken() == JsonToken.START_ARRAY) {
      List<Part> findings = new ArrayList<>();
      elements(parser, source, where + ", finding ", findings);
      if (parser.nextToken() == JsonToken.END_OBJECT) {
        parts.addAll(findings);
        return;
      }
    }
    while (!(parser.currentToken() == JsonToken.END_OBJECT && parser.getParsingContext() == outside)) {
      if (parser.nextToken() == null) {
        throw new JsonParseException(parser, "the object breaks off");
      }
    }
    parts.add(record(where, source, start, parser.currentLocation().getByteOffset()));
  }

  private Part record(String where, byte[] source, long start, long end) {
    long size = end - start;
    if (size > maxRecordBytes) {
      return new Rejected(where, TOO_LARGE, size + " bytes; the limit is " + maxRecordBytes);
    }
    return new Record(where, Arrays.copyOfRange(source, (int) start, (int) end));
  }

  private static boolean blank(byte[] content, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!Character.isWhitespace(content[i])) {
        return false;
      }
    }
    return true;
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      default -> "null";
    };
  }

  private static String reason(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String message = quoted(e.getOriginalMessage());
    return at == null ? message : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  /**
   * Parser messages quote the input, which reaches a terminal: one line, nothing that could move the cursor or turn
   * the text around (C1 controls and bidirectional overrides included), and not too much of it.
   */
  private static String quoted(String message) {
    return Printable.cut(message, QUOTED_CHARACTERS);
  }
}
