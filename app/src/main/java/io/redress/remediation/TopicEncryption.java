package io.redress.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.ControlParameters;
import io.redress.contract.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Encrypts an SNS topic at rest (Security Hub SNS.1) with the configured key, by default the AWS managed key
 * {@code alias/aws/sns}. The AWS managed key's policy cannot be changed to let AWS services use it, so an AWS service
 * publishing to a topic encrypted with it (an EventBridge rule, an S3 event notification, a CloudWatch alarm) can no
 * longer deliver, and nothing tells the topic's owner. A topic whose policy lets a service publish is therefore left
 * unencrypted unless a customer managed key is configured, whose policy can grant that service. A CloudWatch alarm of
 * the topic's own account needs no statement in the topic's policy, so it is not seen here.
 */
public final class TopicEncryption extends CheckedChange<TopicEncryption.State> implements Parameterised {

  static final String GET = "sns:GetTopicAttributes";
  static final String SET = "sns:SetTopicAttributes";
  static final String AWS_MANAGED_KEY = "alias/aws/sns";
  private static final String ATTRIBUTE = "KmsMasterKeyId";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String key;

  /**
   * @param kmsMasterKeyId empty when the topic is not encrypted
   * @param publishingServices the AWS service principals the topic's policy allows to publish to it
   */
  record State(String kmsMasterKeyId, Set<String> publishingServices) {
  }

  /** With the AWS managed key, as registered. */
  public TopicEncryption() {
    this(ControlParameters.SECURITY_HUB_DEFAULTS);
  }

  TopicEncryption(ControlParameters parameters) {
    this.key = parameters.topicKmsKey();
  }

  @Override
  public RemediationAction with(ControlParameters parameters) {
    return new TopicEncryption(parameters);
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
    return "Encrypts the topic at rest with " + key + "; a topic with its own key keeps it"
        + (awsManaged() ? ", and one an AWS service may publish to is refused, as that key would stop it." : ".");
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
    Map<String, String> attributes = calls.call(GET).client(SnsClient::builder)
        .getTopicAttributes(r -> r.topicArn(calls.target())).attributes();
    return new State(attributes.getOrDefault(ATTRIBUTE, ""), publishingServices(attributes.get("Policy")));
  }

  @Override
  protected boolean compliant(State state) {
    return !state.kmsMasterKeyId().isEmpty();
  }

  @Override
  protected String plan(State before) {
    refuseIfServicesWouldBeCutOff(before);
    return "encrypt the topic with " + key;
  }

  @Override
  protected void change(Calls calls, State before) {
    refuseIfServicesWouldBeCutOff(before);
    calls.call(SET).client(SnsClient::builder)
        .setTopicAttributes(r -> r.topicArn(calls.target()).attributeName(ATTRIBUTE).attributeValue(key));
  }

  /**
   * SNS encrypts each message with a data key from the topic's key, so a publisher needs kms:GenerateDataKey* and
   * kms:Decrypt on it. The AWS managed key grants those to principals of this account only and its policy cannot be
   * edited, so an AWS service that publishes would have every message rejected after the change, and the topic's
   * owner would not be told.
   */
  private void refuseIfServicesWouldBeCutOff(State before) {
    if (awsManaged() && !before.publishingServices().isEmpty()) {
      String services = String.join(", ", before.publishingServices());
      throw new Refused("refused: the policy of the topic lets " + services + " publish to it, and the AWS managed"
          + " key " + AWS_MANAGED_KEY + " would stop " + (before.publishingServices().size() == 1 ? "it" : "them")
          + " (its key policy cannot be changed to grant an AWS service); set controls.SNS.1.kms-key to a customer"
          + " managed key whose policy grants " + services + " kms:GenerateDataKey* and kms:Decrypt; nothing was"
          + " changed");
    }
  }

  private boolean awsManaged() {
    return key.equals(AWS_MANAGED_KEY) || key.endsWith(":" + AWS_MANAGED_KEY);
  }

  /**
   * The service principals of the policy's Allow statements whose actions include sns:Publish. Conditions are not
   * weighed: a service allowed to publish under some condition still publishes.
   */
  static Set<String> publishingServices(String policy) {
    Set<String> services = new TreeSet<>();
    if (policy == null || policy.isBlank()) {
      return services;
    }
    JsonNode statements;
    try {
      statements = JSON.readTree(policy).path("Statement");
    } catch (JsonProcessingException e) {
      throw new Refused("the policy of the topic is not JSON, so who publishes to it cannot be told: "
          + e.getOriginalMessage());
    }
    Iterable<JsonNode> each = statements.isArray() ? statements : List.of(statements);
    StreamSupport.stream(each.spliterator(), false)
        .filter(statement -> statement.path("Effect").asText().equals("Allow") && allowsPublish(statement))
        .forEach(statement -> services.addAll(PolicyStatements.strings(statement.path("Principal").path("Service"))));
    return services;
  }

  private static boolean allowsPublish(JsonNode statement) {
    if (statement.has("NotAction")) {
      return PolicyStatements.strings(statement.path("NotAction")).stream()
          .noneMatch(action -> PolicyStatements.matches(action, "sns:Publish", true));
    }
    return PolicyStatements.strings(statement.path("Action")).stream()
        .anyMatch(action -> PolicyStatements.matches(action, "sns:Publish", true));
  }
}
