package io.redress.remediation;

import io.redress.contract.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Encrypts an SQS queue at rest with SQS managed keys (Security Hub SQS.1); a queue encrypted with a KMS key keeps
 * it. Messages already in the queue stay as they are.
 */
public final class QueueEncryption extends CheckedChange<QueueEncryption.State> {

  static final String URL = "sqs:GetQueueUrl";
  static final String GET = "sqs:GetQueueAttributes";
  static final String SET = "sqs:SetQueueAttributes";

  record State(String queueUrl, boolean sqsManagedSse, String kmsMasterKeyId) {
  }

  @Override
  public String name() {
    return "sqs-queue-encryption";
  }

  @Override
  public Set<String> controls() {
    return Set.of("SQS.1");
  }

  @Override
  public String resourceType() {
    return "AwsSqsQueue";
  }

  @Override
  public List<String> permissions() {
    return List.of(URL, GET, SET, LiveTags.SQS_TAGS);
  }

  @Override
  public Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.SQS_QUEUE);
  }

  @Override
  public String summary() {
    return "Turns on SQS managed server-side encryption; a queue with a KMS key keeps it.";
  }

  /** SQS documents that most of a queue's attributes take up to 60 seconds to apply everywhere once set. */
  @Override
  protected Duration settling() {
    return Duration.ofSeconds(60);
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(URL, GET, SET, URL, GET);
  }

  /** The queue's name, after the last colon of its ARN. */
  @Override
  protected Optional<String> target(Resource resource) {
    String id = resource.getId();
    return id.startsWith("arn:") ? Optional.of(id.substring(id.lastIndexOf(':') + 1)) : Optional.empty();
  }

  @Override
  protected State read(Calls calls) {
    String url = calls.call(URL).client(SqsClient::builder)
        .getQueueUrl(r -> r.queueName(calls.target()).queueOwnerAWSAccountId(calls.session().account())).queueUrl();
    Map<QueueAttributeName, String> attributes = calls.call(GET).client(SqsClient::builder)
        .getQueueAttributes(r -> r.queueUrl(url)
            .attributeNames(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, QueueAttributeName.KMS_MASTER_KEY_ID))
        .attributes();
    return new State(url, Boolean.parseBoolean(attributes.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED)),
        attributes.getOrDefault(QueueAttributeName.KMS_MASTER_KEY_ID, ""));
  }

  @Override
  protected boolean compliant(State state) {
    return state.sqsManagedSse() || !state.kmsMasterKeyId().isEmpty();
  }

  @Override
  protected String plan(State before) {
    return "turn on SQS managed server-side encryption";
  }

  @Override
  protected void change(Calls calls, State before) {
    calls.call(SET).client(SqsClient::builder).setQueueAttributes(r -> r.queueUrl(before.queueUrl())
        .attributes(Map.of(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true")));
  }
}
