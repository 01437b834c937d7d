package io.redress;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.kafka.TopicProvisioner;
import io.redress.notification.Message;
import io.redress.notification.Notifier;
import io.redress.remediation.ExecutorRole;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.MotoServer;
import io.redress.testing.SecurityHubEvents;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * The whole path on real parts: raw Security Hub events on a real KRaft broker, the topology under exactly_once_v2,
 * the executor changing buckets in moto, the notifier delivering lessons, and every record read back with
 * read_committed.
 */
class PipelineIT {

  private static final String ACCOUNT = MotoServer.DEFAULT_ACCOUNT;
  private static final int BUCKETS = 12;
  private static final int REIMPORTS = 4;
  private static final int MALFORMED = 2;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static MotoServer moto;
  private static S3Client s3;
  private static RedressConfig config;
  private static StreamsRole streams;
  private static ExecutorRole executor;
  private static Thread executorThread;
  private static final List<Message> delivered = new CopyOnWriteArrayList<>();
  private static Notifier notifier;
  private static Thread notifierThread;

  @BeforeAll
  static void startRedress() throws Exception {
    moto = MotoServer.start();
    System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
        .endpointOverride(moto.endpoint()).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
        .build();
    config = ConfigLoader.fromYaml("""
        kafka: {application-id: redress-pipeline-%s}
        controls: {S3.8: {mode: auto}}
        breaker: {thresholds: {global: 1000, account: 1000, control: 1000}}
        notifications: {email-domain: example.com}
        aws: {region: us-east-1, endpoint: '%s'}
        """.formatted(UUID.randomUUID(), moto.endpoint()), Map.of())
        .withBootstrapServers(TestBroker.bootstrapServers());
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    RemediationCatalogue catalogue = RemediationCatalogue.discover();
    Path state = Files.createTempDirectory("redress-pipeline");
    streams = new StreamsRole(config, catalogue, state, () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(PATIENCE)).as("topology running").isTrue();
    executor = new ExecutorRole(config.kafka(), config, catalogue, Optional.empty());
    executorThread = new Thread(executor, "executor-under-test");
    executorThread.start();
    notifier = new Notifier(config, delivered::add, Optional.empty());
    notifierThread = new Thread(notifier, "notifier-under-test");
    notifierThread.start();
  }

  @AfterAll
  static void stopRedress() throws Exception {
    if (executor != null) {
      executor.close();
      executorThread.join();
    }
    if (notifier != null) {
      notifier.close();
      notifierThread.join();
    }
    if (streams != null) {
      streams.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void everyFindingGetsExactlyOneDecisionEveryAdmittedFindingOneAppliedCommandAndBadInputADeadLetter() throws Exception {
    String run = "pipeline-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> buckets = new ArrayList<>();
    for (int i = 0; i < BUCKETS; i++) {
      String bucket = run + "-" + i;
      s3.createBucket(b -> b.bucket(bucket));
      buckets.add(bucket);
    }
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().clientProperties(),
        new StringSerializer(), new ByteArraySerializer())) {
      Instant observed = Instant.parse("2026-11-01T09:00:00Z");
      for (String bucket : buckets) {
        send(producer, SecurityHubEvents.publicBucket(ACCOUNT, bucket, observed));
      }
      for (int i = 0; i < REIMPORTS; i++) {
        Instant later = observed.plus(Duration.ofHours(6));
        send(producer, SecurityHubEvents.publicBucket(ACCOUNT, buckets.get(i), later));
      }
      for (int i = 0; i < MALFORMED; i++) {
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), run + "-malformed-" + i,
            "{\"detail-type\": \"Security Hub Findings - Imported\", \"detail\": {\"findings\": [{\"Id\""
                .getBytes(StandardCharsets.UTF_8))).get();
      }
      producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findings(), run + "-not-a-resource",
          "not an Avro finding".getBytes(StandardCharsets.UTF_8))).get();
    }

    // Other tests share the broker and its topics: count only what this run sent.
    Properties client = config.kafka().clientProperties();
    Set<String> resources = buckets.stream().map(b -> "arn:aws:s3:::" + b).collect(Collectors.toSet());
    List<Decision> decisions = readExactly(client, Topics.UNPREFIXED.decisions(), Decision.class,
        d -> resources.contains(d.getFinding().getResource().getId()), BUCKETS + REIMPORTS);
    List<RemediationCommand> commands = readExactly(client, Topics.UNPREFIXED.remediations(), RemediationCommand.class,
        c -> resources.contains(c.getResource().getId()), BUCKETS);
    List<DeadLetter> deadLetters = readExactly(client, Topics.UNPREFIXED.deadLetters(), DeadLetter.class,
        d -> d.getKey() != null && d.getKey().startsWith(run), MALFORMED + 1);
    List<RemediationResult> results = readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class,
        r -> resources.contains(r.getResource().getId()), BUCKETS);

    assertThat(decisions).filteredOn(d -> d.getOutcome() == Outcome.REMEDIATE).hasSize(BUCKETS);
    assertThat(decisions).filteredOn(d -> d.getOutcome() == Outcome.DUPLICATE).hasSize(REIMPORTS);
    assertThat(commands).extracting(RemediationCommand::getCommandId).doesNotHaveDuplicates();
    assertThat(commands).extracting(c -> c.getResource().getId())
        .containsExactlyInAnyOrderElementsOf(buckets.stream().map(b -> "arn:aws:s3:::" + b).toList());
    assertThat(deadLetters).allSatisfy(d -> assertThat(d.getReason()).isNotBlank());
    assertThat(deadLetters).filteredOn(d -> d.getStage().equals("normalize")).hasSize(MALFORMED)
        .allSatisfy(d -> assertThat(d.getTopic()).isEqualTo(Topics.UNPREFIXED.findingsRaw()));
    assertThat(deadLetters).filteredOn(d -> d.getStage().equals("decode")).singleElement()
        .satisfies(d -> assertThat(d.getTopic()).isEqualTo(Topics.UNPREFIXED.findings()))
        .satisfies(d -> assertThat(StandardCharsets.UTF_8.decode(d.getPayload()).toString())
            .isEqualTo("not an Avro finding"));
    assertThat(results).extracting(RemediationResult::getStatus).containsOnly(RemediationStatus.APPLIED);
    assertThat(awaitDeliveries(run, BUCKETS)).extracting(Message::subject)
        .allSatisfy(subject -> assertThat(subject).startsWith("[Redress] S3.8 on arn:aws:s3:::" + run)
            .as("a lesson follows its command's result").endsWith(": fixed automatically"))
        .doesNotHaveDuplicates();
    for (String bucket : buckets) {
      PublicAccessBlockConfiguration block =
          s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
      assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
          block.restrictPublicBuckets())).as(bucket).containsOnly(true);
    }
  }

  /**
   * The notifier reads the CloudTrail creations to their end once per poll of lessons: a creation published after an
   * earlier lesson was taught is still seen by the next lesson, through the real index on the real topic.
   */
  @Test
  void eachLessonGoesToTheCreatorCloudTrailRecordedBeforeItsFinding() throws Exception {
    String run = "creator-" + UUID.randomUUID().toString().substring(0, 8);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().clientProperties(),
        new StringSerializer(), new ByteArraySerializer())) {
      for (String creator : List.of("carol", "dan")) {
        String bucket = run + "-" + creator;
        s3.createBucket(b -> b.bucket(bucket));
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.cloudTrail(), null, """
            {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "account": "%s",
             "detail": {"eventSource": "s3.amazonaws.com", "eventName": "CreateBucket", "awsRegion": "eu-west-1",
                        "recipientAccountId": "%s",
                        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::%s:user/%s", "accountId": "%s"},
                        "requestParameters": {"bucketName": "%s"}}}
            """.formatted(ACCOUNT, ACCOUNT, ACCOUNT, creator, ACCOUNT, bucket).getBytes(StandardCharsets.UTF_8)))
            .get();
        send(producer, SecurityHubEvents.publicBucket(ACCOUNT, bucket, Instant.parse("2026-11-01T09:00:00Z")));

        assertThat(awaitDeliveries(bucket, 1)).singleElement().extracting(Message::recipient)
            .isEqualTo(creator + "@example.com");
      }
    }
  }

  /** One lesson per remediated bucket, and no more: a re-import in cool-down teaches nobody twice. */
  private static List<Message> awaitDeliveries(String run, int expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
    while (lessonsOf(run).size() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    Thread.sleep(2_000);
    assertThat(lessonsOf(run)).as("delivered lessons").hasSize(expected);
    return lessonsOf(run);
  }

  private static List<Message> lessonsOf(String run) {
    return delivered.stream().filter(message -> message.subject().contains(run)).toList();
  }

  private static void send(KafkaProducer<String, byte[]> producer, String json) throws Exception {
    producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), null, json.getBytes(StandardCharsets.UTF_8))).get();
  }
}
