package io.redress.remediation;

import io.redress.config.ControlParameters;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.Resource;
import io.redress.exceptions.ExceptionLookup;
import io.redress.testing.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;

/**
 * One moto server shared by a test class, under moto's IAM enforcement: after each reset two users exist, an
 * administrator the test sets up misconfigured resources with and reads their state back with, and the remediator
 * the executor acts as, whose only permissions are exactly the policy {@code ./redress catalogue --iam-policy}
 * prints (with {@code --resource-tag}, when started with a tag). Every action test is therefore also a proof that the generated policy is enough.
 * The executor's clients also carry {@link LambdaPolicyRevisions}, the policy revisions Lambda keeps and moto does not.
 */
final class MotoCloud implements AutoCloseable {

  static final String ACCOUNT = MotoServer.DEFAULT_ACCOUNT;
  static final String REGION = "us-east-1";
  static final AwsCredentialsProvider TEST_KEYS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
  /**
   * Where moto authorizes a call under another IAM action name than AWS does (moto 5.2: S3 requests it has no name
   * for fall back to ListBucket/CreateBucket, and S3 Control uses the bucket-level names). The remediator gets
   * moto's name only for calls whose AWS name the generated policy grants, so this translates and never adds.
   */
  static final Map<String, String> MOTO_ACTION_NAMES = Map.of(
      "s3:GetEncryptionConfiguration", "s3:ListBucket",
      "s3:PutEncryptionConfiguration", "s3:CreateBucket",
      "s3:GetAccountPublicAccessBlock", "s3:GetPublicAccessBlock",
      "s3:PutAccountPublicAccessBlock", "s3:PutPublicAccessBlock");
  /** The requests {@link #provision()} makes before moto starts checking every request against IAM. */
  private static final int PROVISIONING_REQUESTS = 9;

  private final MotoServer moto;
  private final String remediatorPolicy;
  private volatile AwsBasicCredentials administrator;
  private volatile AwsBasicCredentials remediator;

  private MotoCloud(MotoServer moto, String remediatorPolicy) {
    this.moto = moto;
    this.remediatorPolicy = remediatorPolicy;
  }

  static MotoCloud start() throws Exception {
    return start(CatalogueDocs.remediatorPolicy(RemediationCatalogue.discover()));
  }

  /** The remediator holds the policy limited to resources carrying {@code tag} instead. */
  static MotoCloud start(ResourceTag tag) throws Exception {
    return start(CatalogueDocs.remediatorPolicy(RemediationCatalogue.discover(), tag));
  }

  private static MotoCloud start(String remediatorPolicy) throws Exception {
    MotoCloud cloud = new MotoCloud(MotoServer.start(), remediatorPolicy);
    cloud.reset();
    return cloud;
  }

  MotoServer server() {
    return moto;
  }

  /** Empties moto and provisions the two users again, after which moto checks every request against IAM. */
  void reset() throws Exception {
    moto.reset();
    enforceIamAfter(PROVISIONING_REQUESTS);
    provision();
  }

  /** moto's own switch: the next {@code requests} requests go unchecked, every later one is authorized by IAM. */
  private void enforceIamAfter(int requests) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(moto.endpoint().resolve("/moto-api/reset-auth"))
            .POST(HttpRequest.BodyPublishers.ofString(Integer.toString(requests))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("moto reset-auth answered " + response.statusCode() + ": " + response.body());
    }
  }

  private void provision() {
    try (IamClient iam = IamClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.AWS_GLOBAL)
        .credentialsProvider(TEST_KEYS).endpointOverride(moto.endpoint()).build()) {
      iam.createUser(r -> r.userName("administrator"));
      iam.putUserPolicy(r -> r.userName("administrator").policyName("everything").policyDocument(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
      administrator = keys(iam.createAccessKey(r -> r.userName("administrator")).accessKey());
      iam.createUser(r -> r.userName("remediator"));
      String generated = remediatorPolicy;
      String policy = iam.createPolicy(r -> r.policyName("redress-remediator").policyDocument(generated)).policy().arn();
      iam.attachUserPolicy(r -> r.userName("remediator").policyArn(policy));
      String translated = iam.createPolicy(r -> r.policyName("moto-action-names")
          .policyDocument(motoActionNames(generated))).policy().arn();
      iam.attachUserPolicy(r -> r.userName("remediator").policyArn(translated));
      remediator = keys(iam.createAccessKey(r -> r.userName("remediator")).accessKey());
    }
  }

  /** Denies the remediator {@code permission} explicitly, beside the generated policy, as a key's policy could. */
  void denyTheRemediator(String permission) {
    try (IamClient iam = client(IamClient::builder)) {
      iam.putUserPolicy(r -> r.userName("remediator").policyName("denied").policyDocument(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"" + permission
              + "\",\"Resource\":\"*\"}]}"));
    }
  }

  private static String motoActionNames(String generated) {
    String actions = MOTO_ACTION_NAMES.entrySet().stream()
        .filter(name -> generated.contains("\"" + name.getKey() + "\""))
        .map(name -> "\"" + name.getValue() + "\"").distinct().sorted().collect(Collectors.joining(","));
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + actions
        + "],\"Resource\":\"*\"}]}";
  }

  private static AwsBasicCredentials keys(AccessKey key) {
    return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
  }

  /** A client of the test's own, acting as the administrator of moto's default account. */
  <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(Supplier<B> builder) {
    return client(builder, () -> administrator, Region.of(REGION));
  }

  /** As {@link #client(Supplier)}, in {@code region} (a multi-Region trail's home region, say). */
  <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(Supplier<B> builder,
      Region region) {
    return client(builder, () -> administrator, region);
  }

  /** A client acting as the remediator, with exactly the generated policy. */
  <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C remediatorClient(
      Supplier<B> builder) {
    return client(builder, () -> remediator, Region.of(REGION));
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
      Supplier<B> builder, AwsCredentialsProvider keys, Region region) {
    B configured = builder.get().httpClient(UrlConnectionHttpClient.create()).region(region)
        .credentialsProvider(keys).endpointOverride(moto.endpoint());
    if (configured instanceof S3BaseClientBuilder<?, ?> s3) {
      s3.forcePathStyle(true);
    }
    return configured.build();
  }

  /** Runs {@code action} on {@code resource} through the executor, as a command from the topology would. */
  RemediationResult run(String action, Resource resource) {
    return run(action, resource, false, Clock.systemUTC());
  }

  /** As {@link #run(String, Resource)}, the executor's last look asking {@code exceptions}. */
  RemediationResult run(String action, Resource resource, ExceptionLookup exceptions) {
    return run(RemediationCatalogue.discover(), action, resource, false, Clock.systemUTC(), List.of(),
        moto.endpoint(), exceptions);
  }

  /** As {@link #run(String, Resource, ExceptionLookup)}, as a dry run when {@code dryRun}. */
  RemediationResult run(String action, Resource resource, boolean dryRun, ExceptionLookup exceptions) {
    return run(RemediationCatalogue.discover(), action, resource, dryRun, Clock.systemUTC(), List.of(),
        moto.endpoint(), exceptions);
  }

  /** As {@link #run(String, Resource, ExceptionLookup)}, at the time {@code clock} tells. */
  RemediationResult run(String action, Resource resource, Clock clock, ExceptionLookup exceptions) {
    return run(RemediationCatalogue.discover(), action, resource, false, clock, List.of(), moto.endpoint(),
        exceptions);
  }

  RemediationResult run(String action, Resource resource, boolean dryRun, Clock clock) {
    return run(action, resource, dryRun, clock, List.of());
  }

  /**
   * Runs through {@code localhost} instead of 127.0.0.1, with {@code interceptors} on every client: for APIs that
   * put the account id in the host name, which an IP address cannot carry.
   */
  RemediationResult runViaHostName(String action, Resource resource, List<ExecutionInterceptor> interceptors) {
    return run(action, resource, false, Clock.systemUTC(), interceptors, byHostName());
  }

  RemediationResult run(String action, Resource resource, boolean dryRun, Clock clock,
      List<ExecutionInterceptor> interceptors) {
    return run(action, resource, dryRun, clock, interceptors, moto.endpoint());
  }

  /** Runs with the control parameters a configuration sets, as the executor role does. */
  RemediationResult run(ControlParameters parameters, String action, Resource resource, Clock clock) {
    return run(RemediationCatalogue.discover().with(parameters), action, resource, false, clock, List.of(),
        moto.endpoint());
  }

  private RemediationResult run(String action, Resource resource, boolean dryRun, Clock clock,
      List<ExecutionInterceptor> interceptors, URI endpoint) {
    return run(RemediationCatalogue.discover(), action, resource, dryRun, clock, interceptors, endpoint);
  }

  private RemediationResult run(RemediationCatalogue catalogue, String action, Resource resource, boolean dryRun,
      Clock clock, List<ExecutionInterceptor> interceptors, URI endpoint) {
    return run(catalogue, action, resource, dryRun, clock, interceptors, endpoint, Commands.NO_EXCEPTIONS);
  }

  private RemediationResult run(RemediationCatalogue catalogue, String action, Resource resource, boolean dryRun,
      Clock clock, List<ExecutionInterceptor> interceptors, URI endpoint, ExceptionLookup exceptions) {
    AwsSettings aws = new AwsSettings(true, REGION, Optional.of(endpoint), Map.of(), false);
    try (RemediationExecutor executor = new RemediationExecutor(aws, catalogue,
        new AwsClients(aws, () -> remediator, withLambdaRevisions(interceptors)), clock)) {
      RemediationCommand command = Commands.command(action, resource, dryRun);
      return executor.execute(command, exceptions);
    }
  }

  /**
   * An executor acting as the remediator through {@code localhost} (see {@link #runViaHostName}), for a test that
   * runs it in the executor role: the same executor {@link #run} makes for one command.
   */
  RemediationExecutor executor(RemediationCatalogue catalogue, Clock clock, List<ExecutionInterceptor> interceptors) {
    AwsSettings aws = new AwsSettings(true, REGION, Optional.of(byHostName()), Map.of(), false);
    return new RemediationExecutor(aws, catalogue,
        new AwsClients(aws, () -> remediator, withLambdaRevisions(interceptors)), clock);
  }

  /** Last, so a test's own interceptors act before a removal's revision is checked. */
  private List<ExecutionInterceptor> withLambdaRevisions(List<ExecutionInterceptor> interceptors) {
    return Stream.concat(interceptors.stream(),
        Stream.of(new LambdaPolicyRevisions(() -> client(LambdaClient::builder)))).toList();
  }

  private URI byHostName() {
    return URI.create("http://localhost:" + moto.endpoint().getPort());
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

  /** Clients on a moto server without IAM enforcement, with its fixed test keys, for tests that run Redress whole. */
  record Plain(MotoServer moto) {

    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(Supplier<B> builder) {
      B configured = builder.get().httpClient(UrlConnectionHttpClient.create()).region(Region.of(REGION))
          .credentialsProvider(TEST_KEYS).endpointOverride(moto.endpoint());
      if (configured instanceof S3BaseClientBuilder<?, ?> s3) {
        s3.forcePathStyle(true);
      }
      return configured.build();
    }
  }
}
