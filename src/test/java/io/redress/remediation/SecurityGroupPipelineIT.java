package io.redress.remediation;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.MotoServer;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * An EC2.19 finding on a real broker, from the raw Security Hub event to the security group read back from moto;
 * and a finding Redress's own role session caused, which must produce no command.
 */
class SecurityGroupPipelineIT {

  private static final String ACCOUNT = MotoServer.DEFAULT_ACCOUNT;
  private static final String OTHER_ACCOUNT = "111111111111";
  private static final String OWN_ROLE = "arn:aws:iam::" + OTHER_ACCOUNT + ":role/redress-remediator";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void anOpenHighRiskPortIsRevokedEndToEndAndRedresssOwnChangeStartsNothing() throws Exception {
    try (MotoServer moto = MotoServer.start()) {
      System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
      String group;
      try (Ec2Client ec2 = new MotoCloud.Plain(moto).client(Ec2Client::builder)) {
        group = ec2.createSecurityGroup(r -> r.groupName("web").description("web")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(
            rule(3306, "0.0.0.0/0"), rule(443, "0.0.0.0/0"), rule(3306, "10.0.0.0/8")));
      }
      RedressConfig config = ConfigLoader.fromYaml("""
          kafka: {application-id: redress-sg-pipeline-%s}
          controls: {EC2.19: {mode: auto}}
          aws:
            region: us-east-1
            endpoint: '%s'
            accounts: {"%s": {role-arn: "%s"}}
          """.formatted(UUID.randomUUID(), moto.endpoint(), OTHER_ACCOUNT, OWN_ROLE), Map.of())
          .withBootstrapServers(TestBroker.bootstrapServers());
      try (Admin admin = Admin.create(config.kafka().clientProperties())) {
        new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
      }
      String groupArn = "arn:aws:ec2:us-east-1:" + ACCOUNT + ":security-group/" + group;
      String ownChange = "arn:aws:ec2:us-east-1:" + OTHER_ACCOUNT + ":security-group/sg-0123456789abcdef0";
      RemediationCatalogue catalogue = RemediationCatalogue.discover();
      try (StreamsRole streams = new StreamsRole(config, catalogue, Files.createTempDirectory("redress-sg"),
          () -> true, reason -> { });
          ExecutorRole executor = new ExecutorRole(config.kafka(), config, catalogue, Optional.empty())) {
        streams.start();
        assertThat(streams.awaitRunning(PATIENCE)).as("topology running").isTrue();
        Thread executing = new Thread(executor, "executor-under-test");
        executing.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().clientProperties(),
            new StringSerializer(), new ByteArraySerializer())) {
          send(producer, event(ACCOUNT, groupArn, null));
          send(producer, event(OTHER_ACCOUNT, ownChange,
              "arn:aws:sts::" + OTHER_ACCOUNT + ":assumed-role/redress-remediator/redress-command-1"));
        }

        Properties client = config.kafka().clientProperties();
        Set<String> ours = Set.of(groupArn, ownChange);
        List<Decision> decisions = readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class,
            d -> ours.contains(d.getFinding().getResource().getId()), 2);
        RemediationResult result = readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class,
            r -> ours.contains(r.getResource().getId()), 1).get(0);
        List<RemediationCommand> commands = readExactly(client, Topics.UNPREFIXED.remediations(), RemediationCommand.class,
            c -> ours.contains(c.getResource().getId()), 1);

        assertThat(decisions).filteredOn(d -> d.getFinding().getResource().getId().equals(ownChange))
            .singleElement().satisfies(d -> {
              assertThat(d.getOutcome()).isEqualTo(Outcome.NOT_ACTIONABLE);
              assertThat(d.getReason()).contains("Redress caused this finding");
            });
        assertThat(commands).extracting(c -> c.getResource().getId()).containsExactly(groupArn);
        assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
        try (Ec2Client ec2 = new MotoCloud.Plain(moto).client(Ec2Client::builder)) {
          assertThat(ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(group)))
              .securityGroupRules())
              .noneMatch(rule -> "0.0.0.0/0".equals(rule.cidrIpv4()) && rule.fromPort() == 3306)
              .anyMatch(rule -> "0.0.0.0/0".equals(rule.cidrIpv4()) && rule.fromPort() == 443)
              .anyMatch(rule -> "10.0.0.0/8".equals(rule.cidrIpv4()) && rule.fromPort() == 3306);
        }
        executor.close();
        executing.join();
      }
    }
  }

  private static IpPermission rule(int port, String cidr) {
    return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port).ipRanges(r -> r.cidrIp(cidr)).build();
  }

  private static void send(KafkaProducer<String, byte[]> producer, String json) throws Exception {
    producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), null, json.getBytes(StandardCharsets.UTF_8))).get();
  }

  /** A failed EC2.19 finding; {@code actor}, when given, is carried where Redress reads a finding's actor. */
  private static String event(String account, String groupArn, String actor) {
    Instant now = Instant.now();
    String fields = actor == null ? "" : ", \"UserDefinedFields\": {\"redress:actor\": \"" + actor + "\"}";
    return """
        {"version": "0", "id": "%s", "detail-type": "Security Hub Findings - Imported", "source": "aws.securityhub",
         "account": "%s", "time": "%s", "region": "us-east-1", "resources": [],
         "detail": {"findings": [{
           "SchemaVersion": "2018-10-08", "Id": "arn:aws:securityhub:us-east-1:%s:security-control/EC2.19/finding/%s",
           "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/securityhub", "ProductName": "Security Hub",
           "GeneratorId": "security-control/EC2.19", "AwsAccountId": "%s", "Region": "us-east-1",
           "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
           "CreatedAt": "%s", "UpdatedAt": "%s",
           "Severity": {"Label": "CRITICAL"}, "Title": "Security groups should not allow unrestricted access to ports with high risk",
           "Resources": [{"Type": "AwsEc2SecurityGroup", "Id": "%s", "Partition": "aws", "Region": "us-east-1"}],
           "Compliance": {"Status": "FAILED", "SecurityControlId": "EC2.19"},
           "Workflow": {"Status": "NEW"}, "RecordState": "ACTIVE"%s}]}}
        """.formatted(UUID.randomUUID(), account, now, account, UUID.randomUUID(), account, now, now, groupArn,
        fields);
  }
}
