package io.redress.audit;

import static io.redress.audit.History.decided;
import static io.redress.audit.History.trip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.chain.HashChain;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

  private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");
  private static final String SCRIPT = "<script>alert('x')</script>";
  private static final String HOSTILE_REASON = SCRIPT + "\"><img src=x onerror=alert(1)>";
  private static final String LONG_CONTROL = "S3." + "9".repeat(5000);

  @Test
  void theHtmlPageEscapesEveryFindingTextAndLoadsNothing() throws IOException {
    String html = write(ReportFormat.HTML, hostileTrail());

    assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("onerror=alert(1)>")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img");
    assertThat(html).doesNotContainPattern(Pattern.compile("(?i)<(link|iframe|object|embed|base)\\b"))
        .doesNotContainPattern(Pattern.compile("(?i)<[a-z]+[^>]*\\s(src|href|on[a-z]+)\\s*="))
        .contains("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
  }

  @Test
  void aVeryLongNameIsCutInAChartLabelAndKeptWholeInItsTooltip() throws IOException {
    String html = write(ReportFormat.HTML, hostileTrail());

    assertThat(html).contains(">S3." + "9".repeat(36) + "\u2026</text>")
        .contains("<title>" + LONG_CONTROL + "</title>");
  }

  @Test
  void theHtmlPageDrawsEachChartAsInlineSvg() throws IOException {
    String html = write(ReportFormat.HTML, hostileTrail());

    assertThat(html).contains("<h2>Remediations per control</h2>\n<svg")
        .contains("<h2>Remediations per account</h2>\n<svg")
        .contains("<h2>Remediations per day (UTC)</h2>\n<svg")
        .contains("<h2>Time from finding to fix</h2>\n<p>1 fixes applied")
        .contains("<title>breaker trips per scope</title>");
  }

  @Test
  void csvHasOneRowADecisionAndNeutralisesFormulas() throws IOException {
    Decision formula = Decision.newBuilder(decided("a", "S3.8", "111122223333", Outcome.DRY_RUN, AT))
        .setReason("=cmd|' /C calc'!A0").build();
    String csv = write(ReportFormat.CSV, new History().decisionAndCommand(formula).trail());

    List<String> lines = csv.lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("decided_at,decision_id,outcome,");
    assertThat(lines.get(1)).contains(",\"'=cmd|' /C calc'!A0\",").contains(",\"dry-run\",");
  }

  @Test
  void jsonLinesKeepTheRecordedTextExactlyAndSayWhatKindEachLineIs() throws IOException {
    String jsonl = write(ReportFormat.JSONL, hostileTrail());
    ObjectMapper json = new ObjectMapper();

    List<JsonNode> lines = jsonl.lines().map(line -> {
      try {
        return json.readTree(line);
      } catch (IOException e) {
        throw new AssertionError(line, e);
      }
    }).toList();
    assertThat(lines).extracting(line -> line.get("kind").asText()).containsExactly("decision", "breaker");
    assertThat(lines.get(0).get("reason").asText()).isEqualTo(HOSTILE_REASON);
    assertThat(lines.get(0).get("result").asText()).isEqualTo("APPLIED");
    assertThat(lines.get(1).get("scope").asText()).isEqualTo(SCRIPT);
  }

  @Test
  void jsonLinesSpellInvisibleCharactersAsEscapesSoATerminalShowsThemAndParsersReadThemAsRecorded()
      throws IOException {
    String steering = "fixed\u009b2J\u001b]0;owned\u0007 \u202eexe.pdf";
    Decision fixed = Decision.newBuilder(decided("a", "S3.8", "111122223333", Outcome.REMEDIATE, AT))
        .setReason(steering).build();

    String jsonl = write(ReportFormat.JSONL, new History().decisionAndCommand(fixed).trail());

    assertThat(jsonl).doesNotContain("\u009b", "\u001b", "\u0007", "\u202e")
        .contains("fixed\\u009B2J\\u001B]0;owned\\u0007 \\u202Eexe.pdf");
    assertThat(new ObjectMapper().readTree(jsonl.lines().findFirst().orElseThrow()).get("reason").asText())
        .isEqualTo(steering);
  }

  @Test
  void eachDecisionCarriesItsChainHashSoAReportRecordsTheChain() throws IOException {
    Decision linked = HashChain.link(decided("a", "S3.8", "111122223333", Outcome.DRY_RUN, AT), null);
    String jsonl = write(ReportFormat.JSONL, new History().decisionAndCommand(linked).trail());

    assertThat(new ObjectMapper().readTree(jsonl.lines().findFirst().orElseThrow()).get("decision_hash").asText())
        .isEqualTo(linked.getRecordHash());
  }

  @Test
  void eachDecisionSaysWhichEmitterDetectedItsFindingAndWhichSourceDeliveredIt() throws IOException {
    Decision delivered = decided("a", "S3.8", "111122223333", Outcome.DRY_RUN, AT);
    delivered.getFinding().setSender("cspm");
    JsonNode line = new ObjectMapper().readTree(write(ReportFormat.JSONL, new History().decisionAndCommand(delivered)
        .trail()).lines().findFirst().orElseThrow());

    assertThat(line.get("finding_source").asText()).isEqualTo(delivered.getFinding().getSource().name());
    assertThat(line.get("sender").asText()).isEqualTo("cspm");
    assertThat(write(ReportFormat.CSV, new History().decisionAndCommand(delivered).trail()).lines().findFirst()
        .orElseThrow()).contains(",finding_id,finding_source,sender,");
  }

  private static AuditTrail hostileTrail() {
    Decision fixed = Decision.newBuilder(decided("a", LONG_CONTROL, "111122223333", Outcome.REMEDIATE, AT))
        .setReason(HOSTILE_REASON).build();
    return new History()
        .decisionAndCommand(fixed)
        .result(fixed, RemediationStatus.APPLIED, AT.plusSeconds(1))
        .breaker(trip(SCRIPT, AT))
        .trail();
  }

  private static String write(ReportFormat format, AuditTrail trail) throws IOException {
    StringWriter out = new StringWriter();
    format.write(trail, AuditFigures.of(trail, AT.plusSeconds(60)), TimeRange.ALL, out);
    return out.toString();
  }
}
