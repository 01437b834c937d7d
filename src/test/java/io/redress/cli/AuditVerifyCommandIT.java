package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.chain.HashChain;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Outcome;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import io.redress.kafka.AvroSerde;
import io.redress.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit verify} as a person runs it against a cluster: its exit status says whether the chains hold. */
class AuditVerifyCommandIT {

  private static Path config;

  @BeforeAll
  static void configure(@TempDir Path dir) throws Exception {
    config = dir.resolve("redress.yaml");
    Files.writeString(config, "kafka: {bootstrap-servers: '" + TestBroker.bootstrapServers() + "'}\n");
  }

  @Test
  void intactChainsExitWithZeroAndPrintTheirHeads() throws Exception {
    List<Decision> chain = chain(3);
    write("verify-intact.decisions", chain);
    write("verify-intact.results", List.of());

    Cli.Run run = verify("verify-intact");

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("verify-intact.decisions-0: 3 record(s), intact, head "
        + chain.get(2).getRecordHash() + " at offset 2").contains("verify-intact.results-0: no records");
  }

  @Test
  void aBrokenChainExitsWithOneNamingTheRecord() throws Exception {
    List<Decision> chain = chain(3);
    write("verify-altered.decisions",
        List.of(chain.get(0), Decision.newBuilder(chain.get(1)).setReason("nothing happened").build(), chain.get(2)));
    write("verify-altered.results", List.of());

    Cli.Run run = verify("verify-altered");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("verify-altered.decisions-0@1: altered: its content does not match its hash")
        .contains("audit verify: the chain is broken on 1 partition(s)");
  }

  @Test
  void aNotedHeadMissingFromTheChainExitsWithOne() throws Exception {
    List<Decision> chain = chain(3);
    write("verify-truncated.decisions", chain.subList(0, 2));
    write("verify-truncated.results", List.of());

    Cli.Run stillThere = verify("verify-truncated", "--noted-head",
        "verify-truncated.decisions-0=" + chain.get(0).getRecordHash());
    Cli.Run gone = verify("verify-truncated", "--noted-head",
        "verify-truncated.decisions-0=" + chain.get(2).getRecordHash());

    assertThat(stillThere.status()).isZero();
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.out()).contains("verify-truncated.decisions-0@2: removed: the head noted before, "
        + chain.get(2).getRecordHash() + ", is not in the chain");
  }

  @Test
  void aNotedHeadThatIsNoHashIsAUsageError() {
    Cli.Run run = verify("verify-intact", "--noted-head", "verify-intact.decisions-0=e9fc");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("a head is 64 hexadecimal characters");
  }

  private static Cli.Run verify(String prefix, String... more) {
    List<String> args = new ArrayList<>(List.of("audit", "verify", "-c", config.toString(),
        "--decisions-topic", prefix + ".decisions", "--results-topic", prefix + ".results"));
    args.addAll(List.of(more));
    return Cli.redress(args.toArray(String[]::new));
  }

  private static List<Decision> chain(int size) {
    Decision previous = null;
    List<Decision> chain = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      previous = HashChain.link(decision("bucket-" + i), previous == null ? null : previous.getRecordHash());
      chain.add(previous);
    }
    return chain;
  }

  private static Decision decision(String bucket) {
    Instant now = Instant.parse("2026-11-27T06:00:00Z");
    Finding finding = Finding.newBuilder().setFindingId("finding-" + bucket).setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub").setRuleId("security-control/S3.8").setControl("S3.8").setTitle("public bucket")
        .setSeverity(Severity.HIGH).setCompliance(ComplianceStatus.FAILED).setActive(true)
        .setResource(Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::" + bucket)
            .setAccount("111122223333").setRegion("eu-west-1").build())
        .setObservedAt(now).setReceivedAt(now).build();
    return Decision.newBuilder().setDecisionId("decision-" + bucket).setFinding(finding).setOutcome(Outcome.DRY_RUN)
        .setReason("dry-run by default").setDecidedAt(now).build();
  }

  private static void write(String topic, List<Decision> decisions) throws Exception {
    String servers = TestBroker.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
             Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
             new ByteArraySerializer(), new ByteArraySerializer())) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      for (Decision decision : decisions) {
        producer.send(new ProducerRecord<>(topic, AvroSerde.of(Decision.class).serializer().serialize(topic, decision)))
            .get();
      }
    }
  }
}
