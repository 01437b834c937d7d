package io.redress.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.chain.HashChain.Link;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class HashChainTest {

  private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");

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
}
