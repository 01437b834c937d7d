package io.redress.remediation;

import io.redress.aws.AwsHttp;
import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.Resource;
import io.redress.decision.OwnPrincipals;
import io.redress.resource.BoundedClients;
import io.redress.resource.OwnAccount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Makes the AWS clients actions act with: any SDK v2 service client, on one shared HTTP client, in the resource's
 * region, against the configured endpoint, with the SDK's adaptive retry (throttling and transient errors are
 * retried with client-side rate limiting before an action ever sees them).
 *
 * <p>Accounts without a configured role are acted on with the executor's own identity, through clients cached per
 * service, region and account. Accounts with a role get a role session per command, named after the command, so the
 * target account's CloudTrail ties every change to the command that made it and the loop guard recognises Redress's
 * own changes by the session name. The SDK's {@link StsAssumeRoleCredentialsProvider} makes and refreshes that session;
 * it is cached for the command, not for the account: one provider per account would have to give every session one
 * name, losing the link from a change to its command. The cost is one {@code sts:AssumeRole} per command, which the
 * breaker's thresholds bound; the STS client and the HTTP client stay shared.
 *
 * <p>Without a role the executor acts as itself, and only in its own account: in any other it would read and change a
 * same-named resource of its own account (IAM users, RDS instances, trails and queues are named, not numbered), so a
 * command for an account that is neither its own nor configured is refused before any call.
 */
public final class AwsClients implements AutoCloseable {

  /**
   * The header of S3's ExpectedBucketOwner parameter, which every S3 request carries. Bucket names are global and a
   * bucket ARN names no account, so a command about account A's bucket could reach a same-named bucket of account B
   * that grants A access in its policy; with the header S3 refuses (403 AccessDenied) unless the bucket is A's. Set
   * on the client rather than on each request, so no bucket call an action makes, now or later, can leave it out.
   */
  static final String EXPECTED_BUCKET_OWNER = "x-amz-expected-bucket-owner";

  /** The shortest session STS grants; one command needs seconds, and the provider refreshes a longer one. */
  private static final int SESSION_SECONDS = 900;

  private final AwsSettings settings;
  private final AwsCredentialsProvider executorIdentity;
  private final List<ExecutionInterceptor> interceptors;
  /** Every client's; a command's call waiting on it ends when the executor's stop interrupts the command. */
  private final SdkHttpClient http = AwsHttp.client();
  /**
   * More than every region's clients of every service the catalogue calls, in the executor's own account: ten
   * services in the forty-odd regions of a partition. A client evicted is closed, and a command still calling
   * through it would fail.
   */
  static final int MOST_EXECUTOR_CLIENTS = 512;

  private final BoundedClients<ClientKey, SdkClient> executorClients = new BoundedClients<>(MOST_EXECUTOR_CLIENTS);
  private volatile StsClient sts;
  private volatile OwnAccount executorAccount;

  /** @param executorIdentity who the executor is: the default chain in production, fixed keys against an emulator */
  public AwsClients(AwsSettings settings, AwsCredentialsProvider executorIdentity) {
    this(settings, executorIdentity, List.of());
  }

  /** @param interceptors added to every client, e.g. to reach an emulator where AWS would use a host name */
  public AwsClients(AwsSettings settings, AwsCredentialsProvider executorIdentity,
      List<ExecutionInterceptor> interceptors) {
    this.settings = settings;
    this.executorIdentity = executorIdentity;
    this.interceptors = List.copyOf(interceptors);
  }

  public static AwsClients withDefaultCredentials(AwsSettings settings) {
    return new AwsClients(settings, DefaultCredentialsProvider.builder().build());
  }

  public AwsSession session(Resource resource, String commandId) {
    return session(resource, commandId, Instant.now());
  }

  /**
   * Clients for acting on {@code resource}, in its account and region.
   *
   * @param now the executor's time, for actions that judge an age (an access key unused for 90 days)
   * @throws software.amazon.awssdk.core.exception.SdkException when the account's role cannot be assumed
   * @throws AccountNotReachable when no role is configured for the account and it is not the executor's own
   */
  public AwsSession session(Resource resource, String commandId, Instant now) {
    Region region = regionOf(resource);
    String account = resource.getAccount();
    Optional<AccountRole> role = Optional.ofNullable(settings.roles().get(account));
    if (role.isEmpty()) {
      requireOwnAccount(account);
      return new AwsSession(new AwsSession.ClientSource() {
        @Override
        public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
            B builder, Region in) {
          @SuppressWarnings("unchecked")
          C client = (C) executorClients.get(new ClientKey(builder.getClass(), in, account),
              key -> configure(builder, in, Optional.of(account), executorIdentity));
          return client;
        }
      }, region, account, Optional.empty(), now, () -> { });
    }
    StsAssumeRoleCredentialsProvider assumed = assume(role.get(), commandId);
    try {
      // Assumed now, so a role that cannot be assumed fails the command before any action starts.
      assumed.resolveCredentials();
    } catch (RuntimeException e) {
      assumed.close();
      throw e;
    }
    Map<ClientKey, SdkClient> own = new ConcurrentHashMap<>();
    return new AwsSession(new AwsSession.ClientSource() {
      @Override
      public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
          B builder, Region in) {
        return cached(own, builder, in, account, assumed);
      }
    }, region, account, Optional.of(role.get().roleArn()), now, () -> {
      own.values().forEach(SdkClient::close);
      assumed.close();
    });
  }

  private void requireOwnAccount(String account) {
    if (executorAccount == null) {
      synchronized (this) {
        if (executorAccount == null) {
          // Not closed on its own: its only resource is the shared STS client, closed with the others.
          executorAccount = new OwnAccount(sts(), System::nanoTime);
        }
      }
    }
    Optional<String> own = executorAccount.account();
    if (own.isEmpty()) {
      throw new AccountNotReachable("no role is configured for account " + account + " in aws.accounts, and the "
          + "executor's own account is unknown (sts:GetCallerIdentity failed; asked again within a minute)");
    }
    if (!own.get().equals(account)) {
      throw new AccountNotReachable("no role is configured for account " + account + " in aws.accounts, and the "
          + "executor's own identity is in account " + own.get());
    }
  }

  /** A command for an account the executor has no way into: neither a configured role nor its own identity. */
  static final class AccountNotReachable extends RuntimeException {
    AccountNotReachable(String message) {
      super(message);
    }
  }

  @SuppressWarnings("unchecked")
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C cached(
      Map<ClientKey, SdkClient> cache, B builder, Region region, String account, AwsCredentialsProvider credentials) {
    return (C) cache.computeIfAbsent(new ClientKey(builder.getClass(), region, account),
        key -> configure(builder, region, Optional.of(account), credentials));
  }

  /** @param account the account the client acts in; empty for the executor's STS client, which acts in none */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C configure(
      B builder, Region region, Optional<String> account, AwsCredentialsProvider credentials) {
    builder.httpClient(http).region(region).credentialsProvider(credentials)
        .overrideConfiguration(o -> {
          AwsHttp.bounded(o).retryStrategy(RetryMode.ADAPTIVE_V2);
          interceptors.forEach(o::addExecutionInterceptor);
          if (builder instanceof S3BaseClientBuilder<?, ?>) {
            account.ifPresent(owner -> o.putHeader(EXPECTED_BUCKET_OWNER, owner));
          }
        });
    settings.endpoint().ifPresent(endpoint -> {
      builder.endpointOverride(endpoint);
      // Emulators and most S3-compatible endpoints cannot resolve bucket names as host names.
      if (builder instanceof S3BaseClientBuilder<?, ?> s3) {
        s3.forcePathStyle(true);
      }
    });
    return builder.build();
  }

  private Region regionOf(Resource resource) {
    String region = resource.getRegion();
    return Region.of(region == null || region.isBlank() ? settings.region() : region);
  }

  private StsAssumeRoleCredentialsProvider assume(AccountRole role, String commandId) {
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts())
        .asyncCredentialUpdateEnabled(false)
        .refreshRequest(request -> {
          request.roleArn(role.roleArn()).roleSessionName(sessionName(commandId)).durationSeconds(SESSION_SECONDS);
          role.externalId().ifPresent(request::externalId);
        })
        .build();
  }

  /** STS allows 2 to 64 characters of {@code [\w+=,.@-]} in a session name. */
  static String sessionName(String commandId) {
    String name = OwnPrincipals.SESSION_PREFIX + commandId.replaceAll("[^\\w+=,.@-]", "-");
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  private StsClient sts() {
    if (sts == null) {
      synchronized (this) {
        if (sts == null) {
          sts = configure(StsClient.builder(), Region.of(settings.region()), Optional.empty(), executorIdentity);
        }
      }
    }
    return sts;
  }

  @Override
  public void close() {
    executorClients.close();
    if (sts != null) {
      sts.close();
    }
    http.close();
  }

  private record ClientKey(Class<?> builder, Region region, String account) {
  }
}
