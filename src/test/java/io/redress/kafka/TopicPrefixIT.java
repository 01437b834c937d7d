package io.redress.kafka;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.contract.Decision;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.remediation.ExecutorRole;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two environments on one cluster, told apart by {@code kafka.topic-prefix} alone: each decides and executes only
 * its own findings, and every topic, internal topic and consumer group either creates carries its prefix, so one
 * prefixed ACL per environment covers all it touches.
 */
class TopicPrefixIT {

  /** Three Security Hub findings, one of them S3.8, the only control on: three decisions, one command. */
  private static final String FINDINGS = "/findings/eventbridge-three-findings.json";

  @Test
  void twoEnvironmentsShareOneClusterWithoutSeeingEachOthersRecords(@TempDir Path brokerDir, @TempDir Path state)
      throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      RedressConfig blue = environment("blue.", broker);
      RedressConfig green = environment("green-", broker);
      List<AutoCloseable> running = new ArrayList<>();
      try {
        for (RedressConfig environment : List.of(blue, green)) {
          try (Admin admin = Admin.create(environment.kafka().clientProperties())) {
            new TopicProvisioner(admin, environment.kafka().topics(), 2, (short) 1).provision();
          }
          running.add(start(environment, state.resolve(environment.kafka().topicPrefix())));
        }
        publish(blue);
        publish(green);

        // Exactly: a record of the other environment would be one too many.
        for (RedressConfig environment : List.of(blue, green)) {
          Properties client = environment.kafka().clientProperties();
          assertThat(readExactly(client, environment.kafka().topics().decisions(), Decision.class, 3)).hasSize(3);
          assertThat(readExactly(client, environment.kafka().topics().remediationResults(), RemediationResult.class,
              1)).singleElement().extracting(RemediationResult::getStatus).isEqualTo(RemediationStatus.DRY_RUN);
        }

        try (Admin admin = Admin.create(blue.kafka().clientProperties())) {
          Set<String> topics = admin.listTopics().names().get();
          assertThat(topics).isNotEmpty().allSatisfy(topic ->
              assertThat(topic).matches("(blue\\.|green-).*"));
          assertThat(topics).contains("blue.redress.findings", "green-redress.findings",
              "blue.redress-breaker-repartition", "green-redress-breaker-repartition");
          assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId)
              .contains("blue.redress", "blue.redress-executor", "green-redress", "green-redress-executor")
              .allSatisfy(group -> assertThat(group).matches("(blue\\.|green-).*"));
        }
      } finally {
        for (AutoCloseable role : running) {
          role.close();
        }
      }
    }
  }

  private static RedressConfig environment(String prefix, EmbeddedBroker broker) {
    return ConfigLoader.fromYaml("""
        kafka: {topic-prefix: %s}
        controls: {default-mode: "off", S3.8: {mode: auto}}
        """.formatted(prefix), Map.of()).withBootstrapServers(broker.bootstrapServers());
  }

  /** The topology and an executor of one environment, closed together. */
  private static AutoCloseable start(RedressConfig config, Path stateDir) throws InterruptedException {
    StreamsRole streams = new StreamsRole(config, RemediationCatalogue.discover(), stateDir, () -> true,
        reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(Duration.ofSeconds(90))).as("topology running").isTrue();
    ExecutorRole executor = new ExecutorRole(config.kafka(), config, RemediationCatalogue.discover(),
        Optional.empty());
    Thread executing = new Thread(executor, "executor-" + config.kafka().topicPrefix());
    executing.start();
    return () -> {
      executor.close();
      executing.join();
      streams.close();
    };
  }

  private static void publish(RedressConfig config) throws Exception {
    byte[] event;
    try (InputStream in = TopicPrefixIT.class.getResourceAsStream(FINDINGS)) {
      if (in == null) {
        throw new IOException(FINDINGS + " is missing from the test resources");
      }
      event = in.readAllBytes();
    }
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().clientProperties(),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(config.kafka().topics().findingsRaw(), "event", event)).get();
    }
  }
}
