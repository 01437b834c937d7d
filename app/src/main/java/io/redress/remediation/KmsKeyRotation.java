package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;

/** Turns on automatic yearly rotation of a customer managed KMS key (Security Hub KMS.4). */
public final class KmsKeyRotation extends CheckedChange<KmsKeyRotation.State> {

  static final String GET = "kms:GetKeyRotationStatus";
  static final String ENABLE = "kms:EnableKeyRotation";

  record State(boolean rotationEnabled) {
  }

  @Override
  public String name() {
    return "kms-key-rotation";
  }

  @Override
  public Set<String> controls() {
    return Set.of("KMS.4");
  }

  @Override
  public String resourceType() {
    return "AwsKmsKey";
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, ENABLE, LiveTags.KMS_KEY_TAGS);
  }

  @Override
  public Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.KMS_KEY);
  }

  @Override
  public String summary() {
    return "Turns on automatic rotation of the key's material; the key and its policy are unchanged.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, ENABLE, GET);
  }

  /** KMS takes the key's ARN or its id alike. */
  @Override
  protected Optional<String> target(Resource resource) {
    return Optional.of(resource.getId());
  }

  @Override
  protected State read(Calls calls) {
    return new State(Boolean.TRUE.equals(calls.call(GET).client(KmsClient::builder)
        .getKeyRotationStatus(r -> r.keyId(calls.target())).keyRotationEnabled()));
  }

  @Override
  protected boolean compliant(State state) {
    return state.rotationEnabled();
  }

  @Override
  protected String plan(State before) {
    return "turn on automatic key rotation";
  }

  @Override
  protected void change(Calls calls, State before) {
    calls.call(ENABLE).client(KmsClient::builder).enableKeyRotation(r -> r.keyId(calls.target()));
  }
}
