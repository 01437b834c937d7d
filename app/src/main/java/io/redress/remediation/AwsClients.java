package io.redress.remediation;

import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.Resource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The AWS clients the executor acts with. Accounts without a configured role are acted on with the executor's own
 * identity, through one cached client per region. Accounts with a role get a role session per command, named after
 * the command, so the target account's CloudTrail ties every change to the command that made it; those sessions
 * share the cached HTTP client and STS client, and only their thin service clients are per command.
 */
public final class AwsClients implements AutoCloseable {

  /** The shortest session STS grants; one command needs seconds. */
  private static final int SESSION_SECONDS = 900;

  private final AwsSettings settings;
  private final AwsCredentialsProvider executorIdentity;
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
  private final Map<Region, S3Client> s3ByRegion = new ConcurrentHashMap<>();
  private volatile StsClient sts;

  /** @param executorIdentity who the executor is: the default chain in production, fixed keys against an emulator */
  public AwsClients(AwsSettings settings, AwsCredentialsProvider executorIdentity) {
    this.settings = settings;
    this.executorIdentity = executorIdentity;
  }

  public static AwsClients withDefaultCredentials(AwsSettings settings) {
    return new AwsClients(settings, DefaultCredentialsProvider.builder().build());
  }

  /**
   * Clients for acting on {@code resource}, in its account and region.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException when the account's role cannot be assumed
   */
  public AwsSession session(Resource resource, String commandId) {
    Region region = regionOf(resource);
    Optional<AccountRole> role = Optional.ofNullable(settings.roles().get(resource.getAccount()));
    if (role.isEmpty()) {
      return new AwsSession(s3ByRegion.computeIfAbsent(region, r -> s3(r, executorIdentity)), Optional.empty(), false);
    }
    AwsCredentialsProvider assumed = StaticCredentialsProvider.create(assume(role.get(), commandId));
    return new AwsSession(s3(region, assumed), Optional.of(role.get().roleArn()), true);
  }

  private Region regionOf(Resource resource) {
    String region = resource.getRegion();
    return Region.of(region == null || region.isBlank() ? settings.region() : region);
  }

  private AwsSessionCredentials assume(AccountRole role, String commandId) {
    Credentials credentials = sts().assumeRole(request -> {
      request.roleArn(role.roleArn()).roleSessionName(sessionName(commandId)).durationSeconds(SESSION_SECONDS);
      role.externalId().ifPresent(request::externalId);
    }).credentials();
    return AwsSessionCredentials.create(
        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
  }

  /** STS allows 2 to 64 characters of {@code [\w+=,.@-]} in a session name. */
  static String sessionName(String commandId) {
    String name = "redress-" + commandId.replaceAll("[^\\w+=,.@-]", "-");
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  private StsClient sts() {
    if (sts == null) {
      synchronized (this) {
        if (sts == null) {
          var builder = StsClient.builder()
              .httpClient(http)
              .region(Region.of(settings.region()))
              .credentialsProvider(executorIdentity);
          settings.endpoint().ifPresent(builder::endpointOverride);
          sts = builder.build();
        }
      }
    }
    return sts;
  }

  private S3Client s3(Region region, AwsCredentialsProvider credentials) {
    // The http client is named explicitly: the S3 artifact also brings the Apache and Netty clients, and the SDK
    // refuses to choose between several on the classpath.
    var builder = S3Client.builder().httpClient(http).region(region).credentialsProvider(credentials);
    // Emulators and most S3-compatible endpoints cannot resolve bucket names as host names.
    settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    return builder.build();
  }

  @Override
  public void close() {
    s3ByRegion.values().forEach(S3Client::close);
    if (sts != null) {
      sts.close();
    }
    http.close();
  }
}
