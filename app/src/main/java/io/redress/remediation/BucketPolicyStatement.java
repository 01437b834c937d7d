package io.redress.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Adds one Deny statement to a bucket policy, keeping every existing statement and field exactly as it was. A
 * bucket is compliant when any statement already does what the added one would.
 */
abstract class BucketPolicyStatement extends BucketAction<BucketPolicyStatement.State> {

  static final String GET = "s3:GetBucketPolicy";
  static final String PUT = "s3:PutBucketPolicy";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param policy the bucket policy; null when the bucket has none
   * @param owner the account owning the bucket, which the statement may name
   */
  record State(JsonNode policy, String owner) {

    List<JsonNode> statements() {
      if (policy == null) {
        return List.of();
      }
      JsonNode statement = policy.path("Statement");
      return statement.isArray() ? StreamSupport.stream(statement.spliterator(), false).toList() : List.of(statement);
    }
  }

  /** The statement to add, for the bucket's ARN and its owning account. */
  protected abstract ObjectNode statement(String bucketArn, String account);

  /** Whether {@code statement} already does what the added one would. */
  protected abstract boolean enforces(JsonNode statement, String account);

  @Override
  public final List<String> permissions() {
    return List.of(GET, PUT);
  }

  @Override
  public final List<String> plannedCalls() {
    return List.of(GET, PUT, GET);
  }

  @Override
  protected final State read(Calls calls) {
    try {
      return new State(JSON.readTree(s3(calls, GET).getBucketPolicy(r -> r.bucket(calls.target())).policy()),
          calls.session().account());
    } catch (SdkException e) {
      if (errorCode(e).filter("NoSuchBucketPolicy"::equals).isPresent()) {
        return new State(null, calls.session().account());
      }
      throw e;
    } catch (JsonProcessingException e) {
      throw SdkException.create("bucket policy of " + calls.target() + " is not JSON", e);
    }
  }

  @Override
  protected final boolean compliant(State state) {
    return state.statements().stream().anyMatch(statement -> enforces(statement, state.owner()));
  }

  @Override
  protected final void change(Calls calls, State before) {
    ObjectNode policy = before.policy() == null
        ? JSON.createObjectNode().put("Version", "2012-10-17")
        : before.policy().deepCopy();
    ArrayNode statements = JSON.createArrayNode();
    before.statements().forEach(statements::add);
    String bucketArn = "arn:" + calls.resource().getPartition() + ":s3:::" + calls.target();
    statements.add(statement(bucketArn, before.owner()));
    policy.set("Statement", statements);
    s3(calls, PUT).putBucketPolicy(r -> r.bucket(calls.target()).policy(policy.toString()));
  }

  static ArrayNode array(String... values) {
    ArrayNode array = JSON.createArrayNode();
    for (String value : values) {
      array.add(value);
    }
    return array;
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** A policy field holding one string or a list of strings, as a list. */
  static List<String> strings(JsonNode field) {
    if (field.isArray()) {
      return StreamSupport.stream(field.spliterator(), false).map(JsonNode::asText).toList();
    }
    return field.isMissingNode() || field.isNull() ? List.of() : List.of(field.asText());
  }
}
