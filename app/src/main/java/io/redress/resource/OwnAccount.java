package io.redress.resource;

import io.redress.aws.AwsHttp;
import java.net.URI;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * The account a set of AWS credentials belongs to ({@code sts:GetCallerIdentity}, which no policy can deny), for
 * whatever acts or reads with them and must stay in that account. Many resources are named rather than numbered (an
 * IAM user, an RDS instance, a trail): asked about another account's resource, the credentials would find or change
 * a same-named one of their own. Until STS has answered, no account is theirs; a failed answer is asked again a minute
 * later, not for every question.
 */
public final class OwnAccount implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OwnAccount.class);
  public static final long ASK_AGAIN_NANOS = 60_000_000_000L;

  private final StsClient sts;
  private final LongSupplier nanoTime;
  private String account;
  private long askAgainAt;

  /** Closing it closes {@code sts}. */
  public OwnAccount(StsClient sts, LongSupplier nanoTime) {
    this.sts = sts;
    this.nanoTime = nanoTime;
    this.askAgainAt = nanoTime.getAsLong();
  }

  /** With the SDK's default credentials, in {@code region}, at {@code endpoint} when one is configured. */
  public static OwnAccount of(String region, Optional<URI> endpoint) {
    StsClientBuilder builder = StsClient.builder().httpClient(AwsHttp.client())
        .overrideConfiguration(AwsHttp::bounded).region(Region.of(region));
    endpoint.ifPresent(builder::endpointOverride);
    return new OwnAccount(builder.build(), System::nanoTime);
  }

  /** True when {@code accountId} is the credentials' own account; false when it is another or not yet known. */
  public boolean is(String accountId) {
    return account().map(accountId::equals).orElse(false);
  }

  /** The credentials' account; empty while STS has not answered. */
  public synchronized Optional<String> account() {
    if (account == null && nanoTime.getAsLong() - askAgainAt >= 0) {
      try {
        account = sts.getCallerIdentity().account();
      } catch (SdkException e) {
        askAgainAt = nanoTime.getAsLong() + ASK_AGAIN_NANOS;
        log.warn("STS GetCallerIdentity failed, so the account of these credentials is unknown until it answers "
            + "(asked again in a minute): {}", e.getMessage());
      }
    }
    return Optional.ofNullable(account);
  }

  @Override
  public void close() {
    sts.close();
  }
}
