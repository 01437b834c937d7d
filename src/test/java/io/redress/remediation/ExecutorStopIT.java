package io.redress.remediation;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.DeadLetter;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.RecordKeys;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * The executor role stopped while AWS is slow to answer one of its command's calls, on a real broker against moto:
 * the stop waits for the command, then interrupts it. Each test has topics and a group of its own.
 */
class ExecutorStopIT {

  private static MotoCloud cloud;

  @BeforeAll
  static void startMoto() throws Exception {
    cloud = MotoCloud.start();
  }

  @AfterAll
  static void stopMoto() {
    cloud.close();
  }

  @Test
  void aCommandStoppedWhileItsActionReadsBeforeAnyChangeIsLeftForTheNextOwnerWhoRunsItWhole() throws Exception {
    RedressConfig config = provisioned();
    String bucket = openBucket("stopped-while-reading");
    send(config, Commands.blockPublicAccess(MotoCloud.ACCOUNT, "arn:aws:s3:::" + bucket, false));
    SlowAnswer readBefore = new SlowAnswer();

    runUntilStopped(config, BeforeRequest.first(GetPublicAccessBlockRequest.class, readBefore), readBefore);

    assertThat(committedOffsets(config)).as("the command's offset, committed by the stopped executor").isEmpty();
    ExecutorRole next = new ExecutorRole(config.kafka(), cloud.executor(RemediationCatalogue.discover(),
        Clock.systemUTC(), List.of()), config.executor(), Optional.empty());
    Thread running = new Thread(next, "next-executor");
    running.start();
    try {
      assertThat(readExactly(config.kafka().clientProperties(), config.kafka().topics().remediationResults(),
          RemediationResult.class, 1)).singleElement().satisfies(result -> {
            assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
            assertThat(result.getApiCalls()).containsExactly(S3BlockPublicAccess.GET, S3BlockPublicAccess.PUT,
                S3BlockPublicAccess.GET);
          });
    } finally {
      next.close();
      running.join();
    }
    assertThat(readExactly(config.kafka().clientProperties(), config.kafka().topics().deadLetters(),
        DeadLetter.class, 0)).isEmpty();
  }

  @Test
  void aCommandStoppedWhileItsActionReadsBackItsChangeIsAnsweredAsItEnded() throws Exception {
    RedressConfig config = provisioned();
    String bucket = openBucket("stopped-while-reading-back");
    RemediationCommand command = Commands.blockPublicAccess(MotoCloud.ACCOUNT, "arn:aws:s3:::" + bucket, false);
    send(config, command);
    SlowAnswer readBack = new SlowAnswer();
    AtomicInteger reads = new AtomicInteger();

    runUntilStopped(config, BeforeRequest.every(GetPublicAccessBlockRequest.class, () -> {
      if (reads.incrementAndGet() == 2) {
        readBack.run();
      }
    }), readBack);

    assertThat(readExactly(config.kafka().clientProperties(), config.kafka().topics().remediationResults(),
        RemediationResult.class, 1)).singleElement().satisfies(result -> {
          assertThat(result.getCommandId()).isEqualTo(command.getCommandId());
          assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
          assertThat(result.getMessage()).contains("failed after the change was made");
          assertThat(result.getBefore()).isEqualTo("{\"BlockPublicAcls\":false,\"IgnorePublicAcls\":false,\"BlockPublicPolicy\":false,"
              + "\"RestrictPublicBuckets\":false}");
          assertThat(result.getApiCalls()).containsExactly(S3BlockPublicAccess.GET, S3BlockPublicAccess.PUT,
              S3BlockPublicAccess.GET);
        });
    assertThat(committedOffsets(config).values()).extracting(OffsetAndMetadata::offset).containsExactly(1L);
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      assertThat(s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration())
          .as("the change the result tells of").isEqualTo(PublicAccessBlockConfiguration.builder()
              .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)
              .build());
    }
  }

  /**
   * AWS slow to answer a call: the request waits before it goes out until the executor's stop interrupts it, and
   * returns with the interrupt kept, which the SDK finds as the call goes on, as it would have waiting for the answer.
   */
  private static final class SlowAnswer implements Runnable {
    private final CountDownLatch waiting = new CountDownLatch(1);

    @Override
    public void run() {
      waiting.countDown();
      try {
        Thread.sleep(Duration.ofMinutes(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Runs an executor whose clients carry {@code slow} until the call it slows is waiting, then stops it. */
  private static void runUntilStopped(RedressConfig config, ExecutionInterceptor slow, SlowAnswer answer)
      throws Exception {
    ExecutorRole executor = new ExecutorRole(config.kafka(), cloud.executor(RemediationCatalogue.discover(),
        Clock.systemUTC(), List.of(slow)), config.executor(), Optional.empty());
    Thread running = new Thread(executor, "stopped-executor");
    running.start();
    try {
      assertThat(answer.waiting.await(60, TimeUnit.SECONDS)).as("the slowed call was made").isTrue();
    } finally {
      executor.close();
      running.join();
    }
  }

  /** A bucket of moto's default account with none of Block Public Access's settings on. */
  private static String openBucket(String name) {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      s3.createBucket(b -> b.bucket(name));
    }
    return name;
  }

  /** Topics, an application id and so an executor group of the test's own, on the shared broker. */
  private static RedressConfig provisioned() {
    RedressConfig config = ConfigLoader.fromYaml("kafka: {topic-prefix: stop-" + UUID.randomUUID() + ".}",
        Map.of()).withBootstrapServers(TestBroker.bootstrapServers());
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, config.kafka().topics(), 3, (short) 1).provision();
    }
    return config;
  }

  private static void send(RedressConfig config, RemediationCommand command) throws Exception {
    Topics topics = config.kafka().topics();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().clientProperties(),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topics.remediations(), RecordKeys.resource(command.getResource()),
          AvroSerde.of(RemediationCommand.class).serializer().serialize(topics.remediations(), command))).get();
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(RedressConfig config) throws Exception {
    Properties client = config.kafka().clientProperties();
    try (Admin admin = Admin.create(client)) {
      return admin.listConsumerGroupOffsets(config.kafka().applicationId() + "-executor")
          .partitionsToOffsetAndMetadata().get();
    }
  }
}
