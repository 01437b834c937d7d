package io.redress.remediation;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Gives a bucket without default encryption SSE-S3 (Security Hub S3.4); a bucket with any default keeps it. */
public final class S3DefaultEncryption extends BucketAction<S3DefaultEncryption.State> {

  static final String GET = "s3:GetEncryptionConfiguration";
  static final String PUT = "s3:PutEncryptionConfiguration";

  /** @param algorithms the default algorithms of the bucket's encryption rules; empty when it has none */
  record State(List<String> algorithms) {
  }

  @Override
  public String name() {
    return "s3-default-encryption";
  }

  @Override
  public Set<String> controls() {
    return Set.of("S3.4");
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, PUT, LiveTags.S3_BUCKET_TAGS);
  }

  @Override
  public String summary() {
    return "Sets SSE-S3 (AES256) default encryption on a bucket that has no default encryption.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, PUT, GET);
  }

  @Override
  protected State read(Calls calls) {
    try {
      return new State(s3(calls, GET).getBucketEncryption(r -> r.bucket(calls.target()))
          .serverSideEncryptionConfiguration().rules().stream()
          .filter(rule -> rule.applyServerSideEncryptionByDefault() != null)
          .map(rule -> rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
          .toList());
    } catch (SdkException e) {
      if (errorCode(e).filter("ServerSideEncryptionConfigurationNotFoundError"::equals).isPresent()) {
        return new State(List.of());
      }
      throw e;
    }
  }

  @Override
  protected boolean compliant(State state) {
    return !state.algorithms().isEmpty();
  }

  @Override
  protected String plan(State before) {
    return "set SSE-S3 (AES256) default encryption";
  }

  @Override
  protected void change(Calls calls, State before) {
    s3(calls, PUT).putBucketEncryption(r -> r.bucket(calls.target()).serverSideEncryptionConfiguration(c -> c.rules(
        rule -> rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
  }
}
