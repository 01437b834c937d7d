package io.redress.bench;

import io.redress.config.Topics;
import io.redress.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * P3: the same public buckets in moto fixed four ways, each from a fresh moto state: by Redress end to end (a
 * finding per bucket on the raw topic to the last result committed, every role in its own process), by Cloud
 * Custodian's pull mode ({@code set-public-block}, {@code --cache-period 0}), by a bare SDK loop doing only the PUT,
 * and by a bare SDK loop making the executor's own calls (read, PUT, read back), both loops at the executor's
 * concurrency. Each contender's fixed buckets are counted afterwards.
 *
 * <p>Redress is timed once it is warm, as it runs in production: as many warm-up buckets of their own are fixed first,
 * so the group joins, the first AWS clients and most of the JIT's compiling are behind it. After a tenth as many, the
 * JIT's compilers took more CPU than the executor through the measured buckets, which then took 15-17 s, 12-13 s
 * after as many. Custodian's pull mode is a fresh process per run, so its start is part of its time; the bare loops'
 * client is warmed by creating the buckets.
 */
final class BucketFix {

  private static final String PREFIX = "bench-p3-";
  private static final String WARM_UP_PREFIX = "bench-warm-up-p3-";
  private static final Duration PATIENCE = Duration.ofMinutes(30);
  private static final int SETUP_THREADS = 8;
  private static final String POLICY = """
      policies:
        - name: bench-block-public-access
          resource: aws.s3
          actions:
            - type: set-public-block
      """;

  /** Seconds one contender took (null: not run, the note says why) and how many buckets it left fixed. */
  record Contender(String name, Double seconds, int fixed, String note) {
  }

  /**
   * @param bareLoop the PUT alone: the least any tool must do
   * @param sameCallsLoop the executor's own calls with nothing around them: what Redress's pipeline adds is the rest
   */
  record Figure(int buckets, int concurrency, Contender redress, Contender custodian, Contender bareLoop,
      Contender sameCallsLoop) {
  }

  private BucketFix() {
  }

  static Figure measure(BenchOptions options, Path brokerClasspath) throws Exception {
    try (MotoServer moto = MotoServer.start(); S3Client s3 = s3(moto)) {
      Contender bare = bareLoop(options, moto, s3);
      Contender sameCalls = sameCallsLoop(options, moto, s3);
      Contender custodian = custodian(options, moto, s3);
      Contender redress = redress(options, brokerClasspath, moto, s3);
      return new Figure(options.buckets(), options.concurrency(), redress, custodian, bare, sameCalls);
    }
  }

  private static Contender bareLoop(BenchOptions options, MotoServer moto, S3Client s3) throws Exception {
    freshPublicBuckets(options, moto, s3);
    long start = System.nanoTime();
    onEachBucket(options.buckets(), options.concurrency(), bucket -> s3.putPublicAccessBlock(put -> put
        .bucket(bucket).publicAccessBlockConfiguration(blockAll())));
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Contender("bare SDK loop (PUT only)", seconds, fixed(options, s3),
        options.concurrency() + " threads");
  }

  /** What {@code S3BlockPublicAccess} calls for a public bucket, and nothing else. */
  private static Contender sameCallsLoop(BenchOptions options, MotoServer moto, S3Client s3) throws Exception {
    freshPublicBuckets(options, moto, s3);
    long start = System.nanoTime();
    onEachBucket(options.buckets(), options.concurrency(), bucket -> {
      try {
        s3.getPublicAccessBlock(get -> get.bucket(bucket));
      } catch (S3Exception noBlockYet) {
        // what a public bucket answers
      }
      s3.putPublicAccessBlock(put -> put.bucket(bucket).publicAccessBlockConfiguration(blockAll()));
      s3.getPublicAccessBlock(get -> get.bucket(bucket));
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Contender("bare SDK loop (the executor's calls: GET, PUT, GET)", seconds, fixed(options, s3),
        options.concurrency() + " threads");
  }

  private static Contender custodian(BenchOptions options, MotoServer moto, S3Client s3) throws Exception {
    Path binary = options.custodian().toAbsolutePath();
    if (!Files.isExecutable(binary)) {
      return new Contender("Cloud Custodian", null, 0, "not installed at " + binary
          + " (./redress bench installs it)");
    }
    freshPublicBuckets(options, moto, s3);
    Path dir = Files.createDirectories(options.workDir().resolve("p3-custodian"));
    Path policy = Files.writeString(dir.resolve("policy.yml"), POLICY);
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "run", "--cache-period", "0",
        "--region", "us-east-1", "-s", dir.resolve("output").toString(), policy.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("custodian.log").toFile());
    builder.environment().putAll(awsEnvironment(moto));
    long start = System.nanoTime();
    int exit = builder.start().waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("custodian exited with " + exit + "; see " + dir.resolve("custodian.log"));
    }
    return new Contender("Cloud Custodian", seconds, fixed(options, s3), "pull mode, one process");
  }

  private static Contender redress(BenchOptions options, Path brokerClasspath, MotoServer moto, S3Client s3)
      throws Exception {
    freshPublicBuckets(options, moto, s3);
    Map<String, String> environment = new HashMap<>(awsEnvironment(moto));
    environment.putAll(Map.of(
        "REDRESS_KAFKA_PARTITIONS", Integer.toString(options.partitions()),
        "REDRESS_KAFKA_STREAM_THREADS", Integer.toString(options.streamThreads()),
        "REDRESS_CONTROLS_S3_8_MODE", "auto",
        "REDRESS_BREAKER_THRESHOLDS_GLOBAL", "100000000",
        "REDRESS_BREAKER_THRESHOLDS_ACCOUNT", "100000000",
        "REDRESS_BREAKER_THRESHOLDS_CONTROL", "100000000",
        "REDRESS_AWS_REGION", "us-east-1",
        "REDRESS_AWS_ENDPOINT", moto.endpoint().toString()));
    // Every bucket is in one account and region: the executor may run as many at once there as the bare loop does.
    environment.put("REDRESS_EXECUTOR_CONCURRENCY", Integer.toString(options.concurrency()));
    environment.put("REDRESS_EXECUTOR_PER_ACCOUNT_REGION", Integer.toString(options.concurrency()));
    environment.putAll(options.streamsEnvironment());
    try (BenchBroker broker = BenchBroker.start(brokerClasspath, options.workDir().resolve("p3-broker"),
        options.partitions())) {
      environment.put("REDRESS_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
      try (RedressProcess redress = RedressProcess.start(options.javaOpts(), options.workDir().resolve("p3-redress"),
          environment);
           KafkaProducer<String, byte[]> producer = broker.producer();
           CommittedReader results = new CommittedReader(broker.bootstrapServers(), Topics.UNPREFIXED.remediationResults())) {
        int warmUp = options.buckets();
        onEach(WARM_UP_PREFIX, warmUp, SETUP_THREADS, bucket -> s3.createBucket(create -> create.bucket(bucket)));
        BenchBroker.sendAll(producer, IntStream.range(0, warmUp)
            .mapToObj(i -> BenchBroker.finding(WARM_UP_PREFIX + i)).toList());
        results.readUntil(warmUp, PATIENCE);
        long start = System.nanoTime();
        BenchBroker.sendAll(producer, IntStream.range(0, options.buckets())
            .mapToObj(i -> BenchBroker.finding(PREFIX + i)).toList());
        double seconds = (results.readUntil(warmUp + options.buckets(), PATIENCE) - start) / 1e9;
        return new Contender("Redress end to end", seconds, fixed(options, s3),
            "finding to committed result, every role in one process, after " + warmUp + " warm-up buckets");
      }
    }
  }

  /** Moto reset, then the buckets created with no public access block: public as far as S3.8 is concerned. */
  private static void freshPublicBuckets(BenchOptions options, MotoServer moto, S3Client s3) throws Exception {
    moto.reset();
    onEachBucket(options.buckets(), SETUP_THREADS, bucket -> s3.createBucket(create -> create.bucket(bucket)));
  }

  private static int fixed(BenchOptions options, S3Client s3) throws Exception {
    int[] fixed = new int[1];
    onEachBucket(options.buckets(), SETUP_THREADS, bucket -> {
      try {
        PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(get -> get.bucket(bucket))
            .publicAccessBlockConfiguration();
        if (block.equals(blockAll())) {
          synchronized (fixed) {
            fixed[0]++;
          }
        }
      } catch (S3Exception noBlock) {
        // not fixed
      }
    });
    return fixed[0];
  }

  private static void onEachBucket(int buckets, int threads, Consumer<String> action) throws Exception {
    onEach(PREFIX, buckets, threads, action);
  }

  private static void onEach(String prefix, int buckets, int threads, Consumer<String> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> work = IntStream.range(0, buckets)
          .mapToObj(i -> pool.submit(() -> action.accept(prefix + i)))
          .<Future<?>>map(future -> future)
          .toList();
      for (Future<?> each : work) {
        each.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static PublicAccessBlockConfiguration blockAll() {
    return PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
        .blockPublicPolicy(true).restrictPublicBuckets(true).build();
  }

  private static Map<String, String> awsEnvironment(MotoServer moto) {
    return Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY,
        "AWS_DEFAULT_REGION", "us-east-1", "AWS_REGION", "us-east-1");
  }

  private static S3Client s3(MotoServer moto) {
    return S3Client.builder()
        .endpointOverride(moto.endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
