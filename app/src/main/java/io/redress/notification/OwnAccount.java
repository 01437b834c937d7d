package io.redress.notification;

import java.net.URI;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * The account the notifier's own credentials belong to ({@code sts:GetCallerIdentity}, which no policy can deny).
 * The CloudTrail event history and IAM's user tags are read with those credentials, so they know that account only.
 * Asked about a resource or a user of another account (findings aggregated from an organisation), they would answer
 * with a same-named one of this account, and a lesson about one account's misconfiguration would go to a person of
 * another. So they ask only about this account, and only once it is known: while STS fails, they pass the lesson on,
 * and STS is asked again a minute later rather than for every lesson.
 */
final class OwnAccount implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OwnAccount.class);
  static final long ASK_AGAIN_NANOS = 60_000_000_000L;

  private final StsClient sts;
  private final LongSupplier nanoTime;
  private String account;
  private long askAgainAt;

  OwnAccount(StsClient sts, LongSupplier nanoTime) {
    this.sts = sts;
    this.nanoTime = nanoTime;
    this.askAgainAt = nanoTime.getAsLong();
  }

  /** With the SDK's default credentials, in {@code region}, at {@code endpoint} when one is configured. */
  static OwnAccount of(String region, Optional<URI> endpoint) {
    StsClientBuilder builder = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(region));
    endpoint.ifPresent(builder::endpointOverride);
    return new OwnAccount(builder.build(), System::nanoTime);
  }

  /** True when {@code accountId} is the credentials' own account; false when it is another or not yet known. */
  synchronized boolean is(String accountId) {
    if (account == null && nanoTime.getAsLong() - askAgainAt >= 0) {
      try {
        account = sts.getCallerIdentity().account();
      } catch (SdkException e) {
        askAgainAt = nanoTime.getAsLong() + ASK_AGAIN_NANOS;
        log.warn("STS GetCallerIdentity failed, so the notifier's own account is unknown: CloudTrail's event history "
            + "and IAM's user tags are not read until it answers (asked again in a minute): {}", e.getMessage());
      }
    }
    return account != null && account.equals(accountId);
  }

  @Override
  public void close() {
    sts.close();
  }
}
