package io.redress.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.chain.HashChain.Link;
import io.redress.contract.AppliedException;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import io.redress.kafka.AvroSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class HashChainTest {

  private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");
  private static final String GOLDEN_FIRST_DECISION =
      "58726956329fee0954bc683771c5399c0fe665d8ba4a96f6f7b6542810c9d84a";
  private static final String GOLDEN_LINKED_DECISION =
      "203b9ae1726f24299861f1ce6ee6545a02518b4fd3125017afe98c2ebe4c6356";
  private static final String GOLDEN_RESULT =
      "fc2b8136174b457d593ea24b652afc2d64671bf74f82428631352f8130428016";

  static Decision decision(String bucket, Map<String, String> tags) {
    Finding finding = Finding.newBuilder().setFindingId("finding-" + bucket).setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub").setRuleId("security-control/S3.8").setControl("S3.8").setTitle("public bucket")
        .setSeverity(Severity.HIGH).setCompliance(ComplianceStatus.FAILED).setActive(true)
        .setResource(Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::" + bucket)
            .setAccount("111122223333").setRegion("eu-west-1").setTags(tags).build())
        .setObservedAt(NOW).setReceivedAt(NOW).build();
    return Decision.newBuilder().setDecisionId("decision-" + bucket).setFinding(finding).setOutcome(Outcome.DRY_RUN)
        .setReason("dry-run by default").setDecidedAt(NOW).build();
  }

  private static byte[] stored(Decision decision) {
    return AvroSerde.of(Decision.class).serializer().serialize("t", decision);
  }

  @Test
  void aLinkedRecordNamesItsPredecessorAndChecksAsIntact() {
    Decision first = HashChain.link(decision("a", Map.of()), null);
    Decision second = HashChain.link(decision("b", Map.of()), first.getRecordHash());

    Link link = HashChain.read(stored(second));

    assertThat(first.getPreviousHash()).isNull();
    assertThat(link.previous()).isEqualTo(first.getRecordHash());
    assertThat(link.hash()).hasSize(64).matches("[0-9a-f]+").isNotEqualTo(first.getRecordHash());
    assertThat(link.intact()).isTrue();
  }

  @Test
  void theHashCoversThePredecessor() {
    Decision one = HashChain.link(decision("a", Map.of()), "0".repeat(64));
    Decision other = HashChain.link(decision("a", Map.of()), "1".repeat(64));

    assertThat(one.getRecordHash()).isNotEqualTo(other.getRecordHash());
  }

  @Test
  void aChangedFieldNoLongerMatchesItsHash() {
    Decision linked = HashChain.link(decision("a", Map.of()), null);
    Decision altered = Decision.newBuilder(linked).setOutcome(Outcome.EXCEPTED).build();

    assertThat(HashChain.read(stored(altered)).intact()).isFalse();
  }

  @Test
  void aChangedPredecessorNoLongerMatchesItsHash() {
    Decision linked = HashChain.link(decision("a", Map.of()), "0".repeat(64));
    Decision relinked = Decision.newBuilder(linked).setPreviousHash("1".repeat(64)).build();

    assertThat(HashChain.read(stored(relinked)).intact()).isFalse();
  }

  @Test
  void mapEntriesInAnotherOrderHashAlike() {
    Map<String, String> forwards = new LinkedHashMap<>();
    forwards.put("owner", "web");
    forwards.put("env", "prod");
    Map<String, String> backwards = new LinkedHashMap<>();
    backwards.put("env", "prod");
    backwards.put("owner", "web");

    assertThat(HashChain.link(decision("a", forwards), null).getRecordHash())
        .isEqualTo(HashChain.link(decision("a", backwards), null).getRecordHash());
  }

  @Test
  void resultsChainLikeDecisions() {
    RemediationResult result = RemediationResult.newBuilder().setCommandId("c-1").setControl("S3.8")
        .setAction("s3-block-public-access").setResource(decision("a", Map.of()).getFinding().getResource())
        .setStatus(RemediationStatus.APPLIED).setMessage("blocked").setApiCalls(List.of("s3:PutPublicAccessBlock"))
        .setExecutedAt(NOW).build();

    RemediationResult linked = HashChain.link(result, "a".repeat(64));
    Link link = HashChain.read(AvroSerde.of(RemediationResult.class).serializer().serialize("t", linked));

    assertThat(link.previous()).isEqualTo("a".repeat(64));
    assertThat(link.intact()).isTrue();
  }

  /**
   * Hashes of records already on the audit topics must still check: these were computed when the chain was made,
   * by decoding each record and encoding it again with its maps sorted. However {@code link} computes the hash, it
   * must come out the same. The values are those of the current contracts (the decision's last changed when findings
   * began to record their sender and a request's event id); records written under another schema are checked under
   * the one they were written with.
   */
  @Test
  void theHashOfAKnownDecisionIsTheOneComputedWhenTheChainWasMade() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("team", "payments");
    tags.put("env", "prod");
    tags.put("cost-centre", "4711");
    Decision decision = Decision.newBuilder(decision("golden", tags)).setOutcome(Outcome.REMEDIATE)
        .setCommandId("command-1").setAction("s3-block-public-access").setReason("auto")
        .setExpiredExceptions(List.of(AppliedException.newBuilder().setScopeKey("account=111122223333")
            .setReason("old").setApprover("ciso@example.com").setExpiresAt(NOW.minusSeconds(60)).build()))
        .build();

    assertThat(HashChain.link(decision, null).getRecordHash()).isEqualTo(GOLDEN_FIRST_DECISION);
    assertThat(HashChain.link(decision, "f".repeat(64)).getRecordHash()).isEqualTo(GOLDEN_LINKED_DECISION);
  }

  @Test
  void theHashOfAKnownResultIsTheOneComputedWhenTheChainWasMade() {
    RemediationResult result = RemediationResult.newBuilder().setCommandId("c-1").setControl("S3.8")
        .setAction("s3-block-public-access").setResource(decision("a", Map.of("b", "2", "a", "1")).getFinding()
            .getResource())
        .setStatus(RemediationStatus.APPLIED).setBefore("{}").setMessage("blocked")
        .setApiCalls(List.of("s3:GetPublicAccessBlock", "s3:PutPublicAccessBlock")).setExecutedAt(NOW).build();

    assertThat(HashChain.link(result, "a".repeat(64)).getRecordHash()).isEqualTo(GOLDEN_RESULT);
  }

  @Test
  void whatLinkingHashesIsWhatVerifyingRecomputesFromTheStoredBytes() {
    Random random = new Random(7);
    String previous = null;
    for (int i = 0; i < 200; i++) {
      Map<String, String> tags = new HashMap<>();
      for (int tag = random.nextInt(12); tag > 0; tag--) {
        tags.put("key-" + random.nextInt(1000), "value-" + random.nextInt());
      }
      Decision linked = HashChain.link(decision("bucket-" + i, tags), previous);

      Link link = HashChain.read(stored(linked));

      assertThat(link.previous()).isEqualTo(previous);
      assertThat(link.intact()).as("decision %d with tags %s", i, tags).isTrue();
      previous = linked.getRecordHash();
    }
  }

  @Test
  void linkingLeavesTheRecordGivenAsItWas() {
    Decision decision = decision("a", Map.of("env", "prod"));
    Decision before = Decision.newBuilder(decision).build();

    Decision linked = HashChain.link(decision, "0".repeat(64));

    assertThat(decision).isEqualTo(before);
    assertThat(decision.getRecordHash()).isNull();
    assertThat(linked.getFinding()).isEqualTo(decision.getFinding());
  }

  @Test
  void aRecordWrittenWithTheReleasedSchemaBeforeTheChainIsUnchained() throws IOException {
    Schema released = AvroSerde.releasedVersions("Decision").get(0);
    byte[] current = stored(decision("a", Map.of("env", "prod")));
    GenericRecord old = new GenericDatumReader<GenericRecord>(Decision.getClassSchema(), released)
        .read(null, DecoderFactory.get().binaryDecoder(current, 10, current.length - 10, null));
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    Link link = HashChain.read(bytes);

    assertThat(link.chained()).isFalse();
    assertThat(link.previous()).isNull();
  }

  @Test
  void bytesThatAreNoDecisionOrResultAreRefusedSayingSo() {
    assertThatThrownBy(() -> HashChain.read("{\"outcome\":\"REMEDIATE\"}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Avro single-object");
    byte[] finding = AvroSerde.of(Finding.class).serializer().serialize("t", decision("a", Map.of()).getFinding());
    assertThatThrownBy(() -> HashChain.read(finding))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither a Decision nor a RemediationResult");
  }

  @Test
  void bytesAppendedToARecordAreRefused() {
    byte[] stored = stored(HashChain.link(decision("a", Map.of()), null));
    byte[] longer = java.util.Arrays.copyOf(stored, stored.length + 1);

    assertThatThrownBy(() -> HashChain.read(longer)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes follow");
  }

  @Test
  void aRecordClaimingAFieldOfBillionsOfBytesIsRefusedInsteadOfExhaustingTheHeap() {
    byte[] stored = stored(HashChain.link(decision("a", Map.of()), null));
    // The single-object header names a Decision; its decisionId, the first field, then claims 1.5 billion bytes.
    byte[] poison = java.util.Arrays.copyOf(stored, 10 + 5 + 3);
    long zigZag = 1_500_000_000L << 1;
    for (int i = 10; i < 15; i++) {
      poison[i] = (byte) ((zigZag & 0x7F) | (i < 14 ? 0x80 : 0));
      zigZag >>>= 7;
    }

    assertThatThrownBy(() -> HashChain.read(poison)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a string of 1500000000 bytes cannot fit in the 3 bytes left in the record");
  }
}
