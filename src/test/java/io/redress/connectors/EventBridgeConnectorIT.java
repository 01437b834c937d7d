package io.redress.connectors;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.MotoServer;
import io.redress.testing.SecurityHubEvents;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The EventBridge path end to end on real parts: an event put on moto's EventBridge, a rule sending it to an SQS
 * queue, the Redress plugin in a real Kafka Connect standalone worker (started by {@code connectors/run-standalone}
 * with the shipped configs), the real broker, and the topology deciding it.
 */
class EventBridgeConnectorIT {

  private static final String ACCOUNT = MotoServer.DEFAULT_ACCOUNT;
  private static final String RULE = "redress-findings";
  /** The rule of the README's setup. */
  private static final String EVENT_PATTERN =
      "{\"source\": [\"aws.securityhub\"], \"detail-type\": [\"Security Hub Findings - Imported\"]}";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static MotoServer moto;
  private static SqsClient sqs;
  private static EventBridgeClient events;
  private static String queueUrl;
  private static RedressConfig config;
  private static StreamsRole streams;
  /** The worker's files and the topology's state, removed afterwards. */
  private static Path workDir;
  private static ConnectStandaloneProcess connect;

  @BeforeAll
  static void startEverything() throws Exception {
    // Each part starts while the others do; all are needed only once the first event is put.
    CompletableFuture<String> broker = CompletableFuture.supplyAsync(TestBroker::bootstrapServers);
    moto = MotoServer.start();
    StaticCredentialsProvider keys = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
    sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
        .endpointOverride(moto.endpoint()).credentialsProvider(keys).build();
    events = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
        .endpointOverride(moto.endpoint()).credentialsProvider(keys).build();
    queueUrl = sqs.createQueue(queue -> queue.queueName("redress-findings")).queueUrl();
    String queueArn = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    events.putRule(rule -> rule.name(RULE).eventPattern(EVENT_PATTERN));
    events.putTargets(targets -> targets.rule(RULE).targets(Target.builder().id("redress").arn(queueArn).build()));

    String bootstrapServers = broker.join();
    workDir = Files.createTempDirectory("redress-connector-it");
    connect = ConnectStandaloneProcess.start(Files.createDirectory(workDir.resolve("connect")),
        Map.of("bootstrap.servers", bootstrapServers),
        Map.of("sqs.queue.url", queueUrl, "sqs.endpoint", moto.endpoint().toString(), "sqs.region", "us-east-1",
            "sqs.access.key.id", MotoServer.ACCESS_KEY, "sqs.secret.access.key", MotoServer.SECRET_KEY,
            // Shorter than the shipped 20 s only so that stopping the worker (which waits out a poll) is quick.
            "sqs.wait.time.seconds", "2"));
    config = ConfigLoader.fromYaml("kafka: {application-id: redress-connector-" + UUID.randomUUID() + "}", Map.of())
        .withBootstrapServers(bootstrapServers);
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    streams = new StreamsRole(config, RemediationCatalogue.discover(), workDir.resolve("streams"),
        () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(PATIENCE)).as("topology running").isTrue();
    connect.awaitRunning();
  }

  @AfterAll
  static void stopEverything() throws IOException {
    if (connect != null) {
      connect.close();
    }
    if (streams != null) {
      streams.close();
    }
    if (workDir != null) {
      try (Stream<Path> files = Files.walk(workDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
    if (sqs != null) {
      sqs.close();
      events.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void aSecurityHubEventPutOnEventBridgeIsDecidedOnceAndItsMessageLeavesTheQueue() throws Exception {
    String bucket = "connector-" + UUID.randomUUID().toString().substring(0, 8);
    String event = SecurityHubEvents.publicBucket(ACCOUNT, bucket, Instant.now());
    String detail = new ObjectMapper().readTree(event).get("detail").toString();

    PutEventsResponse put = events.putEvents(request -> request.entries(entry -> entry
        .source("aws.securityhub").detailType("Security Hub Findings - Imported").detail(detail)));

    assertThat(put.failedEntryCount()).isZero();
    Decision decision = readExactly(config.kafka().clientProperties(), Topics.UNPREFIXED.decisions(), Decision.class,
        d -> d.getFinding().getResource().getId().equals("arn:aws:s3:::" + bucket), 1).get(0);
    assertThat(decision.getOutcome()).isEqualTo(Outcome.DRY_RUN);
    ConsumerRecord<String, byte[]> raw = awaitRawRecord(r -> new String(r.value(), StandardCharsets.UTF_8)
        .contains(bucket));
    assertThat(headers(raw)).containsEntry("source", "aws.securityhub")
        .containsEntry("detail-type", "Security Hub Findings - Imported").containsEntry("region", "us-east-1");
    awaitEmptyQueue();
  }

  @Test
  void aMalformedMessageReachesTheDeadLetterTopicAsReceivedWithoutHeaders() throws Exception {
    String truncated = "{\"source\": \"aws.securityhub\", \"detail-type\": \"Security Hub Findings - Imported\","
        + " \"detail\": {\"findings\": [{\"Id\"";

    String messageId = sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(truncated)).messageId();

    DeadLetter deadLetter = readExactly(config.kafka().clientProperties(), Topics.UNPREFIXED.deadLetters(), DeadLetter.class,
        d -> messageId.equals(d.getKey()), 1).get(0);
    assertThat(deadLetter.getStage()).isEqualTo("normalize");
    assertThat(StandardCharsets.UTF_8.decode(deadLetter.getPayload()).toString()).isEqualTo(truncated);
    assertThat(headers(awaitRawRecord(r -> messageId.equals(r.key())))).isEmpty();
    awaitEmptyQueue();
  }

  private static ConsumerRecord<String, byte[]> awaitRawRecord(Predicate<ConsumerRecord<String, byte[]>> matching) {
    Properties properties = new Properties();
    properties.putAll(config.kafka().clientProperties());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(consumer.partitionsFor(Topics.UNPREFIXED.findingsRaw()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
      long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (matching.test(record)) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no such record on " + Topics.UNPREFIXED.findingsRaw() + " within " + PATIENCE);
  }

  private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  /** Deleted once Kafka acknowledged the record: neither waiting nor in flight. */
  private static void awaitEmptyQueue() throws InterruptedException {
    long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
    Map<QueueAttributeName, String> counts = Map.of();
    while (System.currentTimeMillis() < deadline) {
      counts = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
      if (counts.values().stream().allMatch("0"::equals)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("messages left on the queue after " + PATIENCE + ": " + counts);
  }
}
