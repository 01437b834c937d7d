package io.redress.remediation;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;

/** Turns on all four account-level Block Public Access settings (Security Hub S3.1). */
public final class S3AccountPublicAccessBlock extends AccountAction<S3AccountPublicAccessBlock.State> {

  static final String GET = "s3:GetAccountPublicAccessBlock";
  static final String PUT = "s3:PutAccountPublicAccessBlock";

  record State(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
      boolean restrictPublicBuckets) {
  }

  @Override
  public String name() {
    return "s3-account-block-public-access";
  }

  @Override
  public Set<String> controls() {
    return Set.of("S3.1");
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, PUT);
  }

  @Override
  public String summary() {
    return "Turns on BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets for the account.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, PUT, GET);
  }

  @Override
  protected State read(Calls calls) {
    try {
      PublicAccessBlockConfiguration settings = calls.call(GET).client(S3ControlClient::builder)
          .getPublicAccessBlock(r -> r.accountId(calls.session().account())).publicAccessBlockConfiguration();
      return new State(Boolean.TRUE.equals(settings.blockPublicAcls()), Boolean.TRUE.equals(settings.ignorePublicAcls()),
          Boolean.TRUE.equals(settings.blockPublicPolicy()), Boolean.TRUE.equals(settings.restrictPublicBuckets()));
    } catch (SdkException e) {
      if (errorCode(e).filter("NoSuchPublicAccessBlockConfiguration"::equals).isPresent()) {
        return new State(false, false, false, false);
      }
      throw e;
    }
  }

  @Override
  protected boolean compliant(State state) {
    return state.blockPublicAcls() && state.ignorePublicAcls() && state.blockPublicPolicy()
        && state.restrictPublicBuckets();
  }

  @Override
  protected String plan(State before) {
    return "turn on all four account-level Block Public Access settings";
  }

  @Override
  protected void change(Calls calls, State before) {
    calls.call(PUT).client(S3ControlClient::builder).putPublicAccessBlock(r -> r.accountId(calls.session().account())
        .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
            .restrictPublicBuckets(true)));
  }
}
