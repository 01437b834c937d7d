package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.cli.FindingFile.Part;
import io.redress.cli.FindingFile.Record;
import io.redress.cli.FindingFile.Rejected;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code redress import} cuts a file into the records of {@code redress.findings.raw}. */
class ImportCommandFileTest {

  private static final int LIMIT = 1024;

  @Test
  void aProwlerArrayBecomesOneRecordPerFindingEachByteForByte() {
    String first = "{\"status_code\": \"FAIL\",\n  \"metadata\": {\"event_code\": \"s3_bucket_public_access\"}}";
    String second = "{\"status_code\":\"PASS\", \"n\": 1.50}";

    List<Part> parts = split("prowler.ocsf.json", "[\n  " + first + ",\n  " + second + "\n]\n");

    assertThat(records(parts)).containsExactly(first, second);
    assertThat(parts.get(1).where()).isEqualTo("prowler.ocsf.json, record 2 (line 4)");
  }

  @Test
  void anAsffBatchBecomesOneRecordPerFinding() {
    List<Part> parts = split("asff.json", "{\"Findings\": [{\"Id\": \"a\"}, {\"Id\": \"b\"}]}");

    assertThat(records(parts)).containsExactly("{\"Id\": \"a\"}", "{\"Id\": \"b\"}");
    assertThat(parts.get(0).where()).isEqualTo("asff.json, finding 1 (line 1)");
  }

  @Test
  void anObjectWithFindingsBesideOtherFieldsIsOneRecord() {
    String event = "{\"Findings\": [{\"Id\": \"a\"}], \"detail-type\": \"x\"}";

    assertThat(records(split("event.json", event))).containsExactly(event);
  }

  @Test
  void anEventBridgeEventIsOneRecordWhateverItHolds() {
    String event = "{\"detail-type\": \"Config Rules Compliance Change\", \"detail\": {\"Findings\": [{}], \"x\": {}}}";

    assertThat(records(split("config.json", "  " + event + "\n"))).containsExactly(event);
  }

  @Test
  void jsonLinesAreOneRecordPerLineAndABadLineIsRefusedAlone() {
    List<Part> parts = split("events.txt", "{\"a\": 1}\n{\"b\": \n\n{\"c\": 3}\r\n");

    assertThat(records(parts)).containsExactly("{\"a\": 1}", "{\"c\": 3}");
    assertThat(rejected(parts)).singleElement().satisfies(bad -> {
      assertThat(bad.where()).isEqualTo("events.txt, line 2");
      assertThat(bad.kind()).isEqualTo(FindingFile.NOT_JSON);
    });
  }

  @Test
  void aJsonlFileIsReadByLinesEvenWithOneLine() {
    assertThat(records(split("one.jsonl", "[{\"a\": 1}]\n"))).containsExactly("{\"a\": 1}");
  }

  @Test
  void aValueOverSeveralLinesWithMoreAfterItIsRefusedWholeNotReadAsLines() {
    String stray = "[\n{\"Id\": \"a\"},\n{\"Id\": \"b\"}\n]\n]\n";
    String twoArrays = "[\n{\"Id\": \"a\"}\n]\n[\n{\"Id\": \"b\"}\n]\n";

    assertThat(split("scan.json", stray)).singleElement().isInstanceOfSatisfying(Rejected.class, bad -> {
      assertThat(bad.where()).isEqualTo("scan.json");
      assertThat(bad.kind()).isEqualTo(FindingFile.NOT_JSON);
      assertThat(bad.detail()).contains("line 5");
    });
    assertThat(split("scans.json", twoArrays)).singleElement().isInstanceOfSatisfying(Rejected.class,
        bad -> assertThat(bad.detail()).isEqualTo("more follows the JSON value that ends on line 3: the file is"
            + " neither one JSON value nor JSON Lines (one value per line)"));
  }

  @Test
  void aTruncatedArrayIsRefusedWholeSoNothingOfItIsImported() {
    List<Part> parts = split("cut.json", "[{\"a\": 1}, {\"b\": 2}, {\"c\"");

    assertThat(records(parts)).isEmpty();
    assertThat(rejected(parts)).singleElement().satisfies(bad -> {
      assertThat(bad.where()).isEqualTo("cut.json");
      assertThat(bad.kind()).isEqualTo(FindingFile.NOT_JSON);
      assertThat(bad.detail()).contains("line 1");
    });
  }

  @Test
  void somethingThatIsNotJsonAtAllIsRefusedWhole() {
    assertThat(rejected(split("notes.txt", "remediate everything"))).singleElement()
        .extracting(Rejected::kind).isEqualTo(FindingFile.NOT_JSON);
    assertThat(rejected(split("empty.json", "  \n"))).singleElement()
        .extracting(Rejected::detail).isEqualTo("the file holds no JSON value");
  }

  @Test
  void aReasonQuotingTheFileCarriesNoBidiOverrideOrC1ControlToTheTerminal() {
    // The parser's message quotes the bad token, whose characters run on while Java calls them identifier parts:
    // the override U+202E and the C1 control U+009B (CSI) among them.
    List<Part> lines = split("x.jsonl", "evil\u202Egnp.exe\u009B2J\n{\"a\": 1}\n");
    List<Part> whole = split("x.json", "[{\"a\": 1}, evil\u202Egnp]");

    assertThat(rejected(lines)).singleElement().extracting(Rejected::detail).asString()
        .contains("evil\\u202egnp").doesNotContain("\u202E").doesNotContain("\u009B");
    assertThat(rejected(whole)).singleElement().extracting(Rejected::detail).asString()
        .contains("evil\\u202egnp").doesNotContain("\u202E");
  }

  @Test
  void aFileInUtf16OrUtf32IsRefusedWholeAsNotUtf8() {
    String findings = "[{\"Id\": \"a\"}]\r\n";
    byte[] powerShell = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, findings.getBytes(StandardCharsets.UTF_16LE));

    assertThat(FindingFile.split("prowler.json", powerShell, LIMIT)).singleElement().isInstanceOfSatisfying(
        Rejected.class, bad -> {
          assertThat(bad.where()).isEqualTo("prowler.json");
          assertThat(bad.kind()).isEqualTo(FindingFile.NOT_UTF_8);
          assertThat(bad.detail()).startsWith("UTF-16LE");
        });
    assertThat(FindingFile.split("big-endian.jsonl", findings.getBytes(StandardCharsets.UTF_16BE), LIMIT))
        .singleElement().extracting(part -> ((Rejected) part).detail()).asString().startsWith("UTF-16BE");
    assertThat(FindingFile.split("wide.json", findings.getBytes(Charset.forName("UTF-32LE")), LIMIT))
        .singleElement().extracting(part -> ((Rejected) part).detail()).asString().startsWith("UTF-32LE");
  }

  @Test
  void anElementThatIsNotAnObjectIsRefusedAndTheOthersKept() {
    List<Part> parts = split("mixed.json", "[{\"a\": 1}, \"text\", [1], null]");

    assertThat(records(parts)).containsExactly("{\"a\": 1}");
    assertThat(rejected(parts)).extracting(Rejected::kind).containsOnly(FindingFile.NOT_AN_OBJECT);
    assertThat(rejected(parts)).extracting(Rejected::detail)
        .containsExactly("a JSON string", "a JSON array", "a JSON null");
  }

  @Test
  void aRecordOfExactlyTheLimitIsKeptAndOneByteMoreRefused() {
    String atLimit = padded(LIMIT);
    String overLimit = padded(LIMIT + 1);

    List<Part> parts = split("sizes.json", "[" + atLimit + "," + overLimit + "]");

    assertThat(records(parts)).containsExactly(atLimit);
    assertThat(rejected(parts)).singleElement().satisfies(bad -> {
      assertThat(bad.kind()).isEqualTo(FindingFile.TOO_LARGE);
      assertThat(bad.detail()).isEqualTo((LIMIT + 1) + " bytes; the limit is " + LIMIT);
    });
  }

  @Test
  void multiByteCharactersAreCutAtTheRightBytes() {
    String finding = "{\"Title\": \"Bucket \u00e9t\u00e9 \u2603 public\"}";

    assertThat(records(split("utf8.json", "[" + finding + ", {\"x\": 1}]"))).containsExactly(finding, "{\"x\": 1}");
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static String padded(int size) {
    String start = "{\"p\": \"";
    return start + "x".repeat(size - start.length() - 2) + "\"}";
  }

  private static List<Part> split(String name, String content) {
    return FindingFile.split(name, content.getBytes(StandardCharsets.UTF_8), LIMIT);
  }

  private static List<String> records(List<Part> parts) {
    return parts.stream().filter(Record.class::isInstance)
        .map(part -> new String(((Record) part).json(), StandardCharsets.UTF_8)).toList();
  }

  private static List<Rejected> rejected(List<Part> parts) {
    return parts.stream().filter(Rejected.class::isInstance).map(Rejected.class::cast).toList();
  }
}
