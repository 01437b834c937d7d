package io.redress.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.ControlParameters;
import io.redress.contract.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Encrypts an SNS topic at rest (Security Hub SNS.1) with the configured key, by default the AWS managed key
 * {@code alias/aws/sns}. The AWS managed key's policy cannot be changed to let AWS services or other accounts use it,
 * so an AWS service publishing to a topic encrypted with it (an EventBridge rule, an S3 event notification, a
 * CloudWatch alarm), or another account, can no longer deliver, and nothing tells the topic's owner. A topic whose
 * policy lets one publish is therefore left unencrypted unless a customer managed key is configured, whose policy can
 * grant it. A CloudWatch alarm of
 * the topic's own account needs no statement of its own in the topic's policy, so it is not seen here.
 */
public final class TopicEncryption extends CheckedChange<TopicEncryption.State> implements Parameterised {

  static final String GET = "sns:GetTopicAttributes";
  static final String SET = "sns:SetTopicAttributes";
  static final String AWS_MANAGED_KEY = "alias/aws/sns";
  private static final String ATTRIBUTE = "KmsMasterKeyId";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A principal naming an account: its bare id, or an IAM or STS ARN in it (its root, a user, a role, a session). */
  private static final Pattern ACCOUNT_PRINCIPAL =
      Pattern.compile("(?:arn:aws[a-z-]*:(?:iam|sts)::)?(\\d{12})(?::.*)?");

  private final String key;

  /**
   * @param kmsMasterKeyId empty when the topic is not encrypted
   * @param publishers who, besides the account's own principals, the topic's policy allows to publish to it: AWS
   *     service principals, AWS services acting for a source, other accounts, an organization's accounts, or anyone
   */
  record State(String kmsMasterKeyId, Set<String> publishers) {
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
  public Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.SNS_TOPIC);
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, SET, LiveTags.SNS_TAGS);
  }

  @Override
  public String summary() {
    return "Encrypts the topic at rest with " + key + "; a topic with its own key keeps it"
        + (awsManaged() ? ", and one an AWS service or another account may publish to is refused, as that key would"
        + " stop it." : ".");
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
    return new State(attributes.getOrDefault(ATTRIBUTE, ""),
        publishers(attributes.get("Policy"), calls.session().account()));
  }

  @Override
  protected boolean compliant(State state) {
    return !state.kmsMasterKeyId().isEmpty();
  }

  @Override
  protected String plan(State before) {
    refuseIfPublishersWouldBeCutOff(before);
    return "encrypt the topic with " + key;
  }

  @Override
  protected void change(Calls calls, State before) {
    refuseIfPublishersWouldBeCutOff(before);
    calls.call(SET).client(SnsClient::builder)
        .setTopicAttributes(r -> r.topicArn(calls.target()).attributeName(ATTRIBUTE).attributeValue(key));
  }

  /**
   * SNS encrypts each message with a data key from the topic's key, so a publisher needs kms:GenerateDataKey* and
   * kms:Decrypt on it. The AWS managed key grants those to principals of this account only and its policy cannot be
   * edited, so an AWS service or another account that publishes would have every message rejected after the change,
   * and the topic's owner would not be told.
   */
  private void refuseIfPublishersWouldBeCutOff(State before) {
    if (awsManaged() && !before.publishers().isEmpty()) {
      String publishers = String.join(", ", before.publishers());
      throw new Refused("refused: the policy of the topic lets " + publishers + " publish to it, and the AWS managed"
          + " key " + AWS_MANAGED_KEY + " would stop " + (before.publishers().size() == 1 ? "it" : "them")
          + " (it serves this account's own principals only, and its key policy cannot be changed); set"
          + " controls.SNS.1.kms-key to a customer managed key whose policy grants " + publishers
          + " kms:GenerateDataKey* and kms:Decrypt; nothing was changed");
    }
  }

  private boolean awsManaged() {
    return key.equals(AWS_MANAGED_KEY) || key.endsWith(":" + AWS_MANAGED_KEY);
  }

  /**
   * Who the policy's Allow statements whose actions include sns:Publish let publish, besides the account's own
   * principals: each other account they name (its root, a user or role of it, or its bare id), each service
   * principal they name, whatever its conditions (a service allowed to publish under some
   * condition still publishes); anyone, for a {@code "*"} statement no condition confines (every AWS service among
   * them); and an AWS service acting for a source, for a {@code "*"} statement pinned to aws:SourceArn or
   * aws:SourceAccount, keys only a service sets when it publishes for a resource (S3's older documentation grants its
   * event notifications that way); and the accounts of an organization, for a {@code "*"} statement pinned to
   * aws:PrincipalOrgID. A {@code "*"} statement pinned only to AWS:SourceOwner is not counted: it is the statement SNS
   * writes into every new topic's policy, which a service publishing for the account's own resources may pass, but
   * counting it would refuse every topic.
   *
   * @param account the topic's own account, whose principals the AWS managed key serves
   */
  static Set<String> publishers(String policy, String account) {
    Set<String> publishers = new TreeSet<>();
    if (policy == null || policy.isBlank()) {
      return publishers;
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
        .forEach(statement -> {
          publishers.addAll(PolicyStatements.strings(statement.path("Principal").path("Service")));
          publishers.addAll(otherAccounts(statement, account));
          anyoneOrServiceSource(statement).ifPresent(publishers::add);
        });
    return publishers;
  }

  /** The accounts other than {@code account} whose principals the statement names. */
  private static List<String> otherAccounts(JsonNode statement, String account) {
    List<String> others = new ArrayList<>();
    for (String principal : PolicyStatements.strings(statement.path("Principal").path("AWS"))) {
      Matcher named = ACCOUNT_PRINCIPAL.matcher(principal);
      if (named.matches() && !named.group(1).equals(account)) {
        others.add("account " + named.group(1) + " (" + principal + ")");
      }
    }
    return others;
  }

  /** For a {@code "*"} statement, anyone or the source a service publishes for; empty for every other. */
  private static Optional<String> anyoneOrServiceSource(JsonNode statement) {
    if (PolicyStatements.openToEveryone(statement)) {
      return Optional.of("anyone (\"Principal\": \"*\")");
    }
    if (!PolicyStatements.anyPrincipal(statement)) {
      return Optional.empty();
    }
    List<String> organizations = PolicyStatements.pinned(statement, "aws:PrincipalOrgID");
    if (!organizations.isEmpty()) {
      return Optional.of("the accounts of organization " + String.join(" or ", organizations));
    }
    List<String> arns = PolicyStatements.pinned(statement, "aws:SourceArn");
    List<String> accounts = PolicyStatements.pinned(statement, "aws:SourceAccount");
    if (!arns.isEmpty()) {
      return Optional.of("an AWS service acting for " + String.join(" or ", arns));
    }
    return accounts.isEmpty() ? Optional.empty()
        : Optional.of("an AWS service acting for account " + String.join(" or ", accounts));
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
