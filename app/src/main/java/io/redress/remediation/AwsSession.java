package io.redress.remediation;

import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/** The clients one command acts with, already bound to the resource's account and region. */
public final class AwsSession implements AutoCloseable {

  private final S3Client s3;
  private final Optional<String> principal;
  private final boolean ownsClients;

  AwsSession(S3Client s3, Optional<String> principal, boolean ownsClients) {
    this.s3 = s3;
    this.principal = principal;
    this.ownsClients = ownsClients;
  }

  public S3Client s3() {
    return s3;
  }

  /** The role assumed for the command; empty when acting as the executor itself. */
  public Optional<String> principal() {
    return principal;
  }

  /** Releases clients made for this command only; the cached ones stay open for the next. */
  @Override
  public void close() {
    if (ownsClients) {
      s3.close();
    }
  }
}
