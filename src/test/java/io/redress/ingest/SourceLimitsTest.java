package io.redress.ingest;

import static io.redress.ingest.Fixtures.ASFF_BATCH_TWO_FINDINGS;
import static io.redress.ingest.Fixtures.RECEIVED_AT;
import static io.redress.ingest.Fixtures.accepted;
import static io.redress.ingest.Fixtures.rejected;
import static io.redress.ingest.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.config.ConfigLoader;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Who delivered a raw record, and what that source may deliver ({@code ingest.sources}): the name its record
 * carried is kept in every finding, and a finding outside the source's limits rejects the record whole.
 */
class SourceLimitsTest {

  private static final String OWN = "111122223333";
  private static final String OTHER = "444455556666";

  private final FindingNormalizer normalizer = FindingNormalizer.of(ConfigLoader.fromYaml("""
      ingest:
        sources:
          cspm: {accounts: ["%s"]}
          prowler: {formats: [prowler]}
          hub: {formats: [security-hub, aws-config], accounts: ["%s", "%s"]}
      """.formatted(OWN, OWN, OTHER), Map.of()).ingest());

  private static byte[] batch() {
    return text(ASFF_BATCH_TWO_FINDINGS).getBytes(StandardCharsets.UTF_8);
  }

  /** The batch with its first finding (a bucket, whose ARN names no account) moved to another account. */
  private static byte[] batchWithFirstIn(String account) {
    ObjectNode batch = Fixtures.json(ASFF_BATCH_TWO_FINDINGS);
    ((ObjectNode) batch.get("Findings").get(0)).put("AwsAccountId", account);
    return batch.toString().getBytes(StandardCharsets.UTF_8);
  }

  private Normalization from(String sender, byte[] payload) {
    return normalizer.normalize(payload, RECEIVED_AT, Optional.of(sender));
  }

  @Test
  void everyFindingRecordsTheSourceThatDeliveredIt() {
    assertThat(accepted(from("cspm", batch()))).extracting(Finding::getSender).containsExactly("cspm", "cspm");
  }

  @Test
  void aRecordNamingNoSourceRecordsNone() {
    assertThat(accepted(normalizer.normalize(batch(), RECEIVED_AT))).extracting(Finding::getSender)
        .containsOnlyNulls();
  }

  @Test
  void aSourceWithoutLimitsDeliversAnyAccount() {
    assertThat(accepted(from("unlisted", batchWithFirstIn(OTHER)))).extracting(Finding::getSender)
        .containsExactly("unlisted", "unlisted");
  }

  @Test
  void oneFindingInAnAccountTheSourceMayNotNameRejectsTheWholeRecord() {
    assertThat(rejected(from("cspm", batchWithFirstIn(OTHER)))).isEqualTo("source 'cspm' may deliver findings only"
        + " for account(s) 111122223333 (ingest.sources.cspm.accounts), and finding 1 of 2 names account "
        + OTHER);
  }

  @Test
  void everyListedAccountIsAllowed() {
    assertThat(accepted(from("hub", batchWithFirstIn(OTHER)))).hasSize(2);
  }

  @Test
  void aFindingReadAsAnotherFormatThanTheSourceMayDeliverRejectsTheRecord() {
    assertThat(rejected(from("prowler", batch()))).isEqualTo("source 'prowler' may deliver only prowler findings"
        + " (ingest.sources.prowler.formats), and finding 1 of 2 is read as security-hub");
  }

  @Test
  void aSingleFindingIsNamedAsItsFinding() {
    assertThat(rejected(from("cspm", Fixtures.singleFinding().put("AwsAccountId", OTHER).toString()
        .getBytes(StandardCharsets.UTF_8)))).endsWith("and its finding names account " + OTHER);
  }

  @Test
  void everyFormatASourceMayDeliverIsAllowedAndAnAccountLimitLeavesEveryFormat() {
    assertThat(accepted(from("hub", batch()))).hasSize(2);
    assertThat(accepted(from("hub", bytes("config-compliance-change-noncompliant.json")))).extracting(Finding::getSource)
        .containsExactly(FindingSource.AWS_CONFIG);
    assertThat(accepted(from("cspm", bytes("prowler-ocsf.json")))).hasSize(4);
  }

  private static byte[] bytes(String sourceFixture) {
    return SourceFixtures.text(sourceFixture).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aHeaderThatIsNoSourceNameRejectsTheRecordAndQuotesItEscaped() {
    assertThat(rejected(from("CSPM\u001b[31m", batch())))
        .startsWith("the redress.source header ").endsWith(" is not a source name (lower-case letters, digits and"
            + " '-', at most 63 characters)")
        .doesNotContain("\u001b");
  }

  @Test
  void theWebhooksAskGetsTheReasonTheTopologyWouldDeadLetterTheRecordWith() {
    byte[] outside = batchWithFirstIn(OTHER);

    assertThat(normalizer.outsideLimits(outside, "cspm", RECEIVED_AT)).hasValue(rejected(from("cspm", outside)));
    assertThat(normalizer.outsideLimits(batch(), "prowler", RECEIVED_AT)).hasValue(rejected(from("prowler", batch())));
  }

  @Test
  void theWebhooksAskPassesWhatTheSourceMayDeliverAnUnlimitedSourceAndWhatIsUnreadable() {
    assertThat(normalizer.outsideLimits(batch(), "cspm", RECEIVED_AT)).isEmpty();
    assertThat(normalizer.outsideLimits(batchWithFirstIn(OTHER), "unlimited", RECEIVED_AT)).isEmpty();
    assertThat(normalizer.outsideLimits("{\"not\": \"a finding\"}".getBytes(StandardCharsets.UTF_8), "cspm",
        RECEIVED_AT)).as("left for the topology to dead-letter with its own reason").isEmpty();
    assertThat(normalizer.outsideLimits("not json".getBytes(StandardCharsets.UTF_8), "cspm", RECEIVED_AT)).isEmpty();
  }
}
