package io.redress.remediation;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import io.redress.contract.Scope;
import io.redress.exceptions.ExceptionScope;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.RecordKeys;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor role on a real broker, on its own so its topics hold only what this test writes. */
class ExecutorRoleIT {

  @Test
  void anExceptionApprovedWhileACommandWaitedStopsIt(@TempDir Path brokerDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      RedressConfig config = provisioned(broker);
      Properties client = config.kafka().clientProperties();
      RemediationCommand waiting = Commands.blockPublicAccess("123456789012", "arn:aws:s3:::excepted-since", false);
      RemediationCommand other = Commands.blockPublicAccess("123456789012", "arn:aws:s3:::still-open", false);
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
        send(producer, waiting);
        send(producer, other);
        publishException(producer, new Scope(null, null, null, "arn:aws:s3:::excepted-since", null),
            "bucket is being migrated", "data-team@example.com");
      }

      ExecutorRole executor = new ExecutorRole(config.kafka(), config, RemediationCatalogue.discover(), Optional.empty());
      Thread running = new Thread(executor, "executor-under-test");
      running.start();
      try {
        List<RemediationResult> results =
            readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class, 2);
        assertThat(results).filteredOn(r -> r.getResource().getId().equals("arn:aws:s3:::excepted-since"))
            .singleElement()
            .satisfies(r -> assertThat(r.getStatus()).isEqualTo(RemediationStatus.EXCEPTED))
            .satisfies(r -> assertThat(r.getMessage()).contains("ciso@example.com"));
        assertThat(results).filteredOn(r -> r.getResource().getId().equals("arn:aws:s3:::still-open"))
            .singleElement()
            .satisfies(r -> assertThat(r.getStatus()).isEqualTo(RemediationStatus.DRY_RUN));
      } finally {
        executor.close();
        running.join();
      }
    }
  }

  /** An exception approved by ciso@example.com for a week, under the key its scope names. */
  private static void publishException(KafkaProducer<String, byte[]> producer, Scope scope, String reason,
      String createdBy) throws Exception {
    ExceptionRecord exception = ExceptionRecord.newBuilder()
        .setScope(scope).setReason(reason).setApprover("ciso@example.com")
        .setCreatedBy(createdBy).setCreatedAt(Instant.now())
        .setExpiresAt(Instant.now().plus(Duration.ofDays(7))).build();
    producer.send(new ProducerRecord<>(Topics.UNPREFIXED.exceptions(), ExceptionScope.of(scope).key(),
        AvroSerde.of(ExceptionRecord.class).serializer().serialize(Topics.UNPREFIXED.exceptions(), exception))).get();
  }

  @Test
  void anExceptionWrittenWithALowerCaseControlStopsACommandForThatControl(@TempDir Path brokerDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      RedressConfig config = provisioned(broker);
      Properties client = config.kafka().clientProperties();
      RemediationCommand command = Commands.blockPublicAccess("123456789012", "arn:aws:s3:::public-website", false);
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
        send(producer, command);
        publishException(producer, new Scope(null, null, command.getControl().toLowerCase(Locale.ROOT),
            "arn:aws:s3:::public-website", null), "serves the public website", "web-team@example.com");
      }

      ExecutorRole executor = new ExecutorRole(config.kafka(), config, RemediationCatalogue.discover(), Optional.empty());
      Thread running = new Thread(executor, "executor-under-test");
      running.start();
      try {
        RemediationResult result =
            readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class, 1).get(0);
        assertThat(result.getStatus()).isEqualTo(RemediationStatus.EXCEPTED);
        assertThat(result.getMessage()).contains("ciso@example.com");
      } finally {
        executor.close();
        running.join();
      }
    }
  }

  @Test
  void anUndecodableCommandIsDeadLetteredAndTheNextCommandStillRuns(@TempDir Path brokerDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      RedressConfig config = provisioned(broker);
      Properties client = config.kafka().clientProperties();
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.remediations(), "poison",
            "not an Avro command".getBytes(StandardCharsets.UTF_8))).get();
        send(producer, Commands.blockPublicAccess("123456789012", "arn:aws:s3:::after-the-poison", false));
      }

      ExecutorRole executor = new ExecutorRole(config.kafka(), config, RemediationCatalogue.discover(), Optional.empty());
      Thread running = new Thread(executor, "executor-under-test");
      running.start();
      try {
        DeadLetter deadLetter = readExactly(client, Topics.UNPREFIXED.deadLetters(), DeadLetter.class, 1).get(0);
        assertThat(deadLetter.getStage()).isEqualTo("execute");
        assertThat(deadLetter.getTopic()).isEqualTo(Topics.UNPREFIXED.remediations());
        assertThat(deadLetter.getOffset()).isZero();
        assertThat(deadLetter.getKey()).isEqualTo("poison");
        assertThat(deadLetter.getReason()).startsWith("cannot decode");
        assertThat(readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class, 1))
            .extracting(r -> r.getResource().getId()).containsExactly("arn:aws:s3:::after-the-poison");
      } finally {
        executor.close();
        running.join();
      }
    }
  }

  @Test
  void theRoleRunsActionsWithTheConfiguredControlParameters(@TempDir Path brokerDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      RedressConfig config = provisioned(broker, "controls: {EC2.18: {mode: auto, authorized-tcp-ports: [8443]}}");
      Properties client = config.kafka().clientProperties();
      Resource group = MotoCloud.resource("AwsEc2SecurityGroup", "sg-0123456789abcdef0");
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
        send(producer, Commands.command("ec2-revoke-open-unauthorized-ports", group, false));
      }

      ExecutorRole executor = new ExecutorRole(config.kafka(), config, RemediationCatalogue.discover(), Optional.empty());
      Thread running = new Thread(executor, "executor-under-test");
      running.start();
      try {
        // Without AWS access the plan is the action's summary, which names the ports it authorizes.
        assertThat(readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class, 1)).singleElement()
            .satisfies(r -> assertThat(r.getStatus()).isEqualTo(RemediationStatus.DRY_RUN))
            .satisfies(r -> assertThat(r.getMessage()).contains("any TCP port but [8443]"));
      } finally {
        executor.close();
        running.join();
      }
    }
  }

  /** Defaults (no AWS access: commands are planned offline) on the given broker, its topics created. */
  private static RedressConfig provisioned(EmbeddedBroker broker) {
    return provisioned(broker, ConfigLoader.defaults(Map.of()));
  }

  private static RedressConfig provisioned(EmbeddedBroker broker, String yaml) {
    return provisioned(broker, ConfigLoader.fromYaml(yaml, Map.of()));
  }

  private static RedressConfig provisioned(EmbeddedBroker broker, RedressConfig loaded) {
    RedressConfig config = loaded.withBootstrapServers(broker.bootstrapServers());
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    return config;
  }

  private static void send(KafkaProducer<String, byte[]> producer, RemediationCommand command) throws Exception {
    producer.send(new ProducerRecord<>(Topics.UNPREFIXED.remediations(), RecordKeys.resource(command.getResource()),
        AvroSerde.of(RemediationCommand.class).serializer().serialize(Topics.UNPREFIXED.remediations(), command))).get();
  }
}
