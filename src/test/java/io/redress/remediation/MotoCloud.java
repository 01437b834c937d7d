package io.redress.remediation;

import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.Resource;
import io.redress.testing.MotoServer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;

/**
 * One moto server shared by a test class, the executor acting on it with the registered catalogue, and clients for
 * the test to set up misconfigured resources and read their state back independently of the action under test.
 */
final class MotoCloud implements AutoCloseable {

  static final String ACCOUNT = MotoServer.DEFAULT_ACCOUNT;
  static final String REGION = "us-east-1";
  static final AwsCredentialsProvider TEST_KEYS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));

  private final MotoServer moto;

  private MotoCloud(MotoServer moto) {
    this.moto = moto;
  }

  static MotoCloud start() throws Exception {
    return new MotoCloud(MotoServer.start());
  }

  MotoServer server() {
    return moto;
  }

  void reset() throws Exception {
    moto.reset();
  }

  /** A client of the test's own, acting as moto's default account. */
  <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(Supplier<B> builder) {
    B configured = builder.get().httpClient(UrlConnectionHttpClient.create()).region(Region.of(REGION))
        .credentialsProvider(TEST_KEYS).endpointOverride(moto.endpoint());
    if (configured instanceof S3BaseClientBuilder<?, ?> s3) {
      s3.forcePathStyle(true);
    }
    return configured.build();
  }

  /** Runs {@code action} on {@code resource} through the executor, as a command from the topology would. */
  RemediationResult run(String action, Resource resource) {
    return run(action, resource, false, Clock.systemUTC());
  }

  RemediationResult run(String action, Resource resource, boolean dryRun, Clock clock) {
    return run(action, resource, dryRun, clock, List.of());
  }

  /**
   * Runs through {@code localhost} instead of 127.0.0.1, with {@code interceptors} on every client: for APIs that
   * put the account id in the host name, which an IP address cannot carry.
   */
  RemediationResult runViaHostName(String action, Resource resource, List<ExecutionInterceptor> interceptors) {
    URI byName = URI.create("http://localhost:" + moto.endpoint().getPort());
    return run(action, resource, false, Clock.systemUTC(), interceptors, byName);
  }

  RemediationResult run(String action, Resource resource, boolean dryRun, Clock clock,
      List<ExecutionInterceptor> interceptors) {
    return run(action, resource, dryRun, clock, interceptors, moto.endpoint());
  }

  private RemediationResult run(String action, Resource resource, boolean dryRun, Clock clock,
      List<ExecutionInterceptor> interceptors, URI endpoint) {
    AwsSettings aws = new AwsSettings(true, REGION, Optional.of(endpoint), Map.of(), false);
    try (RemediationExecutor executor = new RemediationExecutor(aws, RemediationCatalogue.discover(),
        new AwsClients(aws, TEST_KEYS, interceptors), clock)) {
      RemediationCommand command = Commands.command(action, resource, dryRun);
      return executor.execute(command, Commands.NO_EXCEPTIONS);
    }
  }

  static Resource resource(String type, String id) {
    return Resource.newBuilder().setType(type).setId(id).setAccount(ACCOUNT).setRegion(REGION).setTags(Map.of())
        .build();
  }

  static Clock at(Instant instant) {
    return Clock.fixed(instant, java.time.ZoneOffset.UTC);
  }

  @Override
  public void close() {
    moto.close();
  }
}
