package io.redress.remediation;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What one command acts with: any AWS service client, bound to the resource's account (its role when one is
 * configured) and region, e.g. {@code session.client(Ec2Client::builder)}. Clients are made on first use and
 * closed with the session when they were made for it alone.
 */
public final class AwsSession implements AutoCloseable {

  /** Where clients come from: the executor's cached ones, or ones made with a command's role session. */
  interface ClientSource {
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
        B builder, Region region);
  }

  private final ClientSource clients;
  private final Region region;
  private final String account;
  private final Optional<String> principal;
  private final Instant now;
  private final Runnable release;

  AwsSession(ClientSource clients, Region region, String account, Optional<String> principal, Instant now,
      Runnable release) {
    this.clients = clients;
    this.region = region;
    this.account = account;
    this.principal = principal;
    this.now = now;
    this.release = release;
  }

  /** A client of any service, in the resource's region. */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
      Supplier<B> builder) {
    return clients.client(builder.get(), region);
  }

  /** A client in another region, for resources whose home region is not where the finding was raised. */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
      Supplier<B> builder, Region in) {
    return clients.client(builder.get(), in);
  }

  public S3Client s3() {
    return client(S3Client::builder);
  }

  public Region region() {
    return region;
  }

  /** The account acted in. */
  public String account() {
    return account;
  }

  /** When the executor took up the command. */
  public Instant now() {
    return now;
  }

  /** The role assumed for the command; empty when acting as the executor itself. */
  public Optional<String> principal() {
    return principal;
  }

  @Override
  public void close() {
    release.run();
  }
}
