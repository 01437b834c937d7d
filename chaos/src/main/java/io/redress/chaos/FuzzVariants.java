package io.redress.chaos;

import static io.redress.chaos.FindingEvents.finding;
import static io.redress.chaos.FindingEvents.firstResource;
import static io.redress.chaos.FuzzGenerator.ascii;
import static io.redress.chaos.FuzzGenerator.marker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.chaos.FuzzGenerator.Variant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The forms each fuzz kind takes. Every form is unusable as a finding, except where its kind says otherwise. */
final class FuzzVariants {

  private static final int TEN_KB = 10 * 1024;
  private static final String YEAR_99999 = "+99999-01-01T00:00:00Z";

  private FuzzVariants() {
  }

  static Map<FuzzKind, List<Variant>> of(FuzzGenerator fuzz) {
    Map<FuzzKind, List<Variant>> variants = new EnumMap<>(FuzzKind.class);
    variants.put(FuzzKind.RANDOM_BYTES, List.of(
        Variant.raw("up to 4 KiB of random bytes", () -> fuzz.randomBytes(1 + fuzz.randomInt(4096)))));
    variants.put(FuzzKind.TRUNCATED_JSON, List.of(
        new Variant("event cut before its last brace", true, event -> truncated(fuzz, FindingEvents.text(event)))));
    variants.put(FuzzKind.DEEPLY_NESTED, nested(fuzz.nestingDepth()));
    variants.put(FuzzKind.HUGE_TITLE, List.of(
        Variant.change("Title", event -> finding(event).put("Title", fuzz.huge()))));
    variants.put(FuzzKind.HUGE_DESCRIPTION, List.of(
        Variant.change("Description", event -> finding(event).put("Description", fuzz.huge()))));
    variants.put(FuzzKind.HUGE_TAG_VALUE, List.of(
        Variant.change("tag owner", event -> firstResource(event).putObject("Tags").put("owner", fuzz.huge()))));
    variants.put(FuzzKind.HUGE_RESOURCE_ID, List.of(
        Variant.change("bucket ARN", event -> firstResource(event).put("Id", "arn:aws:s3:::" + fuzz.huge()))));
    variants.put(FuzzKind.NON_UTF8, nonUtf8());
    variants.put(FuzzKind.WRONG_TYPES, wrongTypes());
    variants.put(FuzzKind.HOSTILE_IDS, hostileIds(fuzz));
    variants.put(FuzzKind.FAR_FUTURE, farFuture());
    variants.put(FuzzKind.EMPTY, empty());
    variants.put(FuzzKind.NULLS, nulls());
    return variants;
  }

  /** Cut anywhere before the closing brace, so what is left can never be a whole JSON document. */
  private static byte[] truncated(FuzzGenerator fuzz, String event) {
    int lastBrace = event.lastIndexOf('}');
    return event.substring(0, 1 + fuzz.randomInt(lastBrace - 1)).getBytes(StandardCharsets.UTF_8);
  }

  private static List<Variant> nested(int depth) {
    return List.of(
        Variant.raw("arrays " + depth + " deep", () -> ascii("[".repeat(depth) + "]".repeat(depth))),
        Variant.raw("objects " + depth + " deep", () -> ascii("{\"a\":".repeat(depth) + "1" + "}".repeat(depth))),
        Variant.splicedValue("objects " + depth + " deep in ProductFields",
            event -> finding(event).put("ProductFields", marker()),
            () -> ascii("{\"a\":".repeat(depth) + "1" + "}".repeat(depth))));
  }

  private static List<Variant> nonUtf8() {
    return List.of(
        Variant.spliced("byte 0xFF in Title",
            event -> finding(event).put("Title", "Bucket " + marker() + " is public"), bytes(0xFF)),
        Variant.spliced("overlong '/' in Resources[0].Id",
            event -> firstResource(event).put("Id", firstResource(event).get("Id").asText() + marker()),
            bytes(0xC0, 0xAF)),
        Variant.spliced("lone continuation byte in Description",
            event -> finding(event).put("Description", marker()), bytes(0x80)),
        Variant.spliced("cut 3-byte sequence in a tag value",
            event -> firstResource(event).putObject("Tags").put("owner", "a" + marker()), bytes(0xE2, 0x82)),
        Variant.spliced("encoded surrogate in Id",
            event -> finding(event).put("Id", finding(event).get("Id").asText() + marker()), bytes(0xED, 0xA0, 0x80)),
        new Variant("whole event in Latin-1", true, event -> {
          finding(event).put("Title", "Accès public au compartiment");
          return FindingEvents.text(event).getBytes(StandardCharsets.ISO_8859_1);
        }));
  }

  private static List<Variant> wrongTypes() {
    return List.of(
        Variant.change("number for Title", event -> finding(event).put("Title", 12345)),
        Variant.change("object for Title", event -> finding(event).putObject("Title").put("text", "public")),
        Variant.change("number for Id", event -> finding(event).put("Id", 987654321)),
        Variant.change("number for AwsAccountId", event -> finding(event).put("AwsAccountId", 123456789012L)),
        Variant.change("number for Resources[0].Id", event -> firstResource(event).put("Id", 42)),
        Variant.change("boolean for GeneratorId", event -> finding(event).put("GeneratorId", true)),
        Variant.change("number for UpdatedAt", event -> finding(event).put("UpdatedAt", Instant.now().toEpochMilli())),
        Variant.change("string for Compliance", event -> finding(event).put("Compliance", "FAILED")),
        Variant.change("array for Severity", event -> finding(event).putArray("Severity").add("HIGH")),
        Variant.change("object for Resources", event -> finding(event).set("Resources", firstResource(event))),
        Variant.change("array for Resources[0].Tags",
            event -> firstResource(event).putArray("Tags").addObject().put("Key", "owner").put("Value", "x")),
        Variant.change("object for detail.findings",
            event -> ((ObjectNode) event.get("detail")).set("findings", finding(event))),
        Variant.change("array for detail", event -> {
          ObjectNode detail = (ObjectNode) event.get("detail");
          event.putArray("detail").add(detail);
        }));
  }

  private static List<Variant> hostileIds(FuzzGenerator fuzz) {
    return List.of(
        resourceId("../../etc/passwd"),
        resourceId("arn:aws:s3:::../../etc/passwd"),
        resourceId("arn:aws:s3:::<script>alert(1)</script>"),
        resourceId("${7*7}"),
        resourceId("arn:aws:s3:::${jndi:ldap://127.0.0.1:1389/a}"),
        resourceId("arn:aws:s3:::chaos\u001b[2J\u001b[31mred"),
        resourceId("arn:aws:s3:::chaos-a\narn:aws:s3:::chaos-b"),
        Variant.change("10 KB Resources[0].Id",
            event -> firstResource(event).put("Id", "arn:aws:s3:::" + fuzz.letters(TEN_KB))),
        Variant.change("10 KB Id", event -> finding(event).put("Id", finding(event).get("Id").asText()
            + fuzz.letters(TEN_KB))),
        Variant.change("path traversal as AwsAccountId",
            event -> finding(event).put("AwsAccountId", "../../etc/passwd")));
  }

  private static Variant resourceId(String id) {
    return Variant.change("Resources[0].Id " + printable(id), event -> firstResource(event).put("Id", id));
  }

  private static List<Variant> farFuture() {
    return List.of(
        Variant.change("UpdatedAt and CreatedAt " + YEAR_99999,
            event -> finding(event).put("UpdatedAt", YEAR_99999).put("CreatedAt", YEAR_99999)),
        Variant.change("UpdatedAt " + YEAR_99999, event -> finding(event).put("UpdatedAt", YEAR_99999)),
        Variant.change("UpdatedAt 99999-12-31T23:59:59Z",
            event -> finding(event).put("UpdatedAt", "99999-12-31T23:59:59Z")),
        Variant.change("CreatedAt " + YEAR_99999 + " and no UpdatedAt", event -> {
          finding(event).remove("UpdatedAt");
          finding(event).put("CreatedAt", YEAR_99999);
        }));
  }

  private static List<Variant> empty() {
    return List.of(
        Variant.raw("no bytes", () -> new byte[0]),
        Variant.raw("whitespace", () -> ascii(" \n\t ")),
        Variant.raw("{}", () -> ascii("{}")),
        Variant.raw("[]", () -> ascii("[]")),
        Variant.raw("\"\"", () -> ascii("\"\"")),
        Variant.raw("empty ASFF batch", () -> ascii("{\"Findings\": []}")),
        Variant.change("empty detail.findings", event -> ((ObjectNode) event.get("detail")).putArray("findings")));
  }

  private static List<Variant> nulls() {
    return List.of(
        new Variant("no value (tombstone)", false, event -> null),
        Variant.raw("JSON null", () -> ascii("null")),
        Variant.change("null Id", event -> finding(event).putNull("Id")),
        Variant.change("null Title", event -> finding(event).putNull("Title")),
        Variant.change("null AwsAccountId", event -> finding(event).putNull("AwsAccountId")),
        Variant.change("null Resources", event -> finding(event).putNull("Resources")),
        Variant.change("null first resource", event -> finding(event).putArray("Resources").addNull()),
        Variant.change("null in detail.findings", event -> ((ObjectNode) event.get("detail")).putArray("findings")
            .addNull()),
        Variant.change("null detail", event -> event.putNull("detail")));
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  /** Variant names end up in the report and on terminals: control characters are shown, not obeyed. */
  private static String printable(String text) {
    StringBuilder shown = new StringBuilder();
    text.codePoints().forEach(c -> shown.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
        : Character.toString(c)));
    return shown.toString();
  }
}
