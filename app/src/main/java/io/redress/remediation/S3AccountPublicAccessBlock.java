package io.redress.remediation;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;

/** Turns on all four account-level Block Public Access settings (Security Hub S3.1). */
public final class S3AccountPublicAccessBlock extends AccountAction<PublicAccessBlockSettings> {

  static final String GET = "s3:GetAccountPublicAccessBlock";
  static final String PUT = "s3:PutAccountPublicAccessBlock";

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
  protected PublicAccessBlockSettings read(Calls calls) {
    return PublicAccessBlockSettings.orAllOff(() -> {
      PublicAccessBlockConfiguration settings = calls.call(GET).client(S3ControlClient::builder)
          .getPublicAccessBlock(r -> r.accountId(calls.session().account())).publicAccessBlockConfiguration();
      return PublicAccessBlockSettings.of(settings.blockPublicAcls(), settings.ignorePublicAcls(),
          settings.blockPublicPolicy(), settings.restrictPublicBuckets());
    });
  }

  @Override
  protected boolean compliant(PublicAccessBlockSettings state) {
    return state.allOn();
  }

  @Override
  protected String plan(PublicAccessBlockSettings before) {
    return "turn on " + before.off();
  }

  @Override
  protected void change(Calls calls, PublicAccessBlockSettings before) {
    calls.call(PUT).client(S3ControlClient::builder).putPublicAccessBlock(r -> r.accountId(calls.session().account())
        .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
            .restrictPublicBuckets(true)));
  }

  @Override
  protected Optional<String> missingAfter(PublicAccessBlockSettings before, PublicAccessBlockSettings after) {
    return after.allOn() ? Optional.empty() : Optional.of(after.off());
  }
}
