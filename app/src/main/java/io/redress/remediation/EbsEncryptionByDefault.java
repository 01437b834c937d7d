package io.redress.remediation;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Turns on EBS encryption by default for the account in the finding's region (Security Hub EC2.7). */
public final class EbsEncryptionByDefault extends AccountAction<EbsEncryptionByDefault.State> {

  static final String GET = "ec2:GetEbsEncryptionByDefault";
  static final String ENABLE = "ec2:EnableEbsEncryptionByDefault";

  record State(boolean encryptionByDefault) {
  }

  @Override
  public String name() {
    return "ec2-ebs-encryption-by-default";
  }

  @Override
  public Set<String> controls() {
    return Set.of("EC2.7");
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, ENABLE);
  }

  @Override
  public String summary() {
    return "Turns on EBS encryption by default in the region; existing volumes are not touched.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, ENABLE, GET);
  }

  @Override
  protected State read(Calls calls) {
    return new State(Boolean.TRUE.equals(
        calls.call(GET).client(Ec2Client::builder).getEbsEncryptionByDefault(r -> { }).ebsEncryptionByDefault()));
  }

  @Override
  protected boolean compliant(State state) {
    return state.encryptionByDefault();
  }

  @Override
  protected String plan(State before) {
    return "turn on EBS encryption by default";
  }

  @Override
  protected void change(Calls calls, State before) {
    calls.call(ENABLE).client(Ec2Client::builder).enableEbsEncryptionByDefault(r -> { });
  }
}
