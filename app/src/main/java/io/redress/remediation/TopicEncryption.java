package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sns.SnsClient;

/** Encrypts an SNS topic at rest with the AWS managed key alias/aws/sns (Security Hub SNS.1). */
public final class TopicEncryption extends CheckedChange<TopicEncryption.State> {

  static final String GET = "sns:GetTopicAttributes";
  static final String SET = "sns:SetTopicAttributes";
  static final String KEY = "alias/aws/sns";
  private static final String ATTRIBUTE = "KmsMasterKeyId";

  /** @param kmsMasterKeyId empty when the topic is not encrypted */
  record State(String kmsMasterKeyId) {
  }

  @Override
  public String name() {
    return "sns-topic-encryption";
  }

  @Override
  public Set<String> controls() {
    return Set.of("SNS.1");
  }

  @Override
  public String resourceType() {
    return "AwsSnsTopic";
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, SET);
  }

  @Override
  public String summary() {
    return "Encrypts the topic at rest with " + KEY + "; a topic with its own key keeps it.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, SET, GET);
  }

  /** SNS names a topic by its ARN. */
  @Override
  protected Optional<String> target(Resource resource) {
    return resource.getId().startsWith("arn:") ? Optional.of(resource.getId()) : Optional.empty();
  }

  @Override
  protected State read(Calls calls) {
    return new State(calls.call(GET).client(SnsClient::builder).getTopicAttributes(r -> r.topicArn(calls.target()))
        .attributes().getOrDefault(ATTRIBUTE, ""));
  }

  @Override
  protected boolean compliant(State state) {
    return !state.kmsMasterKeyId().isEmpty();
  }

  @Override
  protected String plan(State before) {
    return "encrypt the topic with " + KEY;
  }

  @Override
  protected void change(Calls calls, State before) {
    calls.call(SET).client(SnsClient::builder)
        .setTopicAttributes(r -> r.topicArn(calls.target()).attributeName(ATTRIBUTE).attributeValue(KEY));
  }
}
