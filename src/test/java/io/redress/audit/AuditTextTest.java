package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditTextTest {

  @Test
  void everyInvisibleCharacterIsEscapedAndOrdinaryTextIsKept() {
    assertThat(AuditText.plain("a\u0000b\u007fc\u009bd\u202ee\u2028f\r\tg"))
        .isEqualTo("a\\u0000b\\u007Fc\\u009Bd\\u202Ee\\u2028f\\r\\tg");
    assertThat(AuditText.plain("bucket-données-数据 ü")).isEqualTo("bucket-données-数据 ü");
    assertThat(AuditText.plain("\uDB40\uDC01")).isEqualTo("\\U000E0001");
  }

  @Test
  void jsonKeepsItsValuesAndSpellsInvisibleCharactersAsEscapes() throws Exception {
    String value = "a\u007fb\u009b2Jc\u202egpj.exe\u2028d données \uD83D\uDE00 \uDB40\uDC01";
    String json = new ObjectMapper().writeValueAsString(Map.of("reason", value));

    String shown = AuditText.json(json);

    assertThat(shown).isEqualTo("{\"reason\":\"a\\u007Fb\\u009B2Jc\\u202Egpj.exe\\u2028d données \uD83D\uDE00"
        + " \\uDB40\\uDC01\"}");
    assertThat(new ObjectMapper().readTree(shown).get("reason").asText()).isEqualTo(value);
  }

  @Test
  void aBackslashIsDoubledSoAnEscapeIsNeverAmbiguous() {
    assertThat(AuditText.plain("\\u001B")).isEqualTo("\\\\u001B");
  }

  @Test
  void htmlEscapesMarkupAndBothQuotes() {
    assertThat(AuditText.html("<script>alert(\"x\")</script>&'"))
        .isEqualTo("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
  }

  @Test
  void aCutHtmlLabelKeepsItsLengthAndNeverSplitsAnEntity() {
    String cut = AuditText.html("<".repeat(100), 10);
    assertThat(cut).isEqualTo("&lt;".repeat(9) + "\u2026");
  }

  @Test
  void aLabelOfExactlyItsLimitIsKeptWholeAndOneMoreIsCut() {
    assertThat(AuditText.html("\uD83D\uDE00".repeat(10), 10)).isEqualTo("\uD83D\uDE00".repeat(10));
    assertThat(AuditText.html("\uD83D\uDE00".repeat(11), 10)).isEqualTo("\uD83D\uDE00".repeat(9) + "\u2026");
  }

  @Test
  void aCsvCellThatASpreadsheetWouldRunAsAFormulaIsNeutralised() {
    assertThat(AuditText.csvCell("=HYPERLINK(\"http://evil\",\"x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    assertThat(AuditText.csvCell("+1")).isEqualTo("\"'+1\"");
    assertThat(AuditText.csvCell("-1+2")).isEqualTo("\"'-1+2\"");
    assertThat(AuditText.csvCell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
  }

  @Test
  void aCsvCellStartingWithATabOrCarriageReturnCannotHideAFormula() {
    assertThat(AuditText.csvCell("\t=1+1")).isEqualTo("\"\\t=1+1\"");
    assertThat(AuditText.csvCell("\r=1+1")).isEqualTo("\"\\r=1+1\"");
  }

  @Test
  void anOrdinaryCsvCellIsQuotedAsItIsAndAnAbsentOneIsEmpty() {
    assertThat(AuditText.csvCell("arn:aws:s3:::bucket, with comma")).isEqualTo("\"arn:aws:s3:::bucket, with comma\"");
    assertThat(AuditText.csvCell(null)).isEmpty();
  }
}
