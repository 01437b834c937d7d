package io.redress.topology;

import static io.redress.topology.TopologyFixture.bucketFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.chain.HashChain;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.kafka.AvroSerde;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every decision leaves linked after the one before it, whichever path decided it. */
class DecisionChainTest {

  private final TopologyFixture redress = new TopologyFixture("""
      controls:
        S3.8: {mode: auto}
        S3.2: {mode: notify-only}
        S3.5: {mode: 'off'}
      """);

  @AfterEach
  void close() {
    redress.close();
  }

  @Test
  void settledAndRemediationDecisionsFormOneUnbrokenChain() {
    redress.send(bucketFinding("first", "S3.8"));
    redress.send(bucketFinding("second", "S3.2"));
    redress.send(bucketFinding("third", "S3.8"));
    redress.send(bucketFinding("fourth", "S3.5"));

    List<Decision> decisions = redress.allDecisions();

    assertThat(decisions).extracting(Decision::getOutcome).containsExactlyInAnyOrder(
        Outcome.REMEDIATE, Outcome.NOTIFY_ONLY, Outcome.REMEDIATE, Outcome.DISABLED);
    assertThat(decisions.get(0).getPreviousHash()).isNull();
    for (int i = 1; i < decisions.size(); i++) {
      assertThat(decisions.get(i).getPreviousHash()).as("decision %d links to the one before", i)
          .isEqualTo(decisions.get(i - 1).getRecordHash());
    }
    assertThat(decisions).allSatisfy(decision -> assertThat(HashChain.read(
        AvroSerde.of(Decision.class).serializer().serialize("t", decision)).intact()).isTrue());
  }
}
