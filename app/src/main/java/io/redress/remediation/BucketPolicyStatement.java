package io.redress.remediation;

import static io.redress.remediation.PolicyStatements.strings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Adds one Deny statement to a bucket policy, keeping every existing statement and field exactly as it was. A
 * bucket is compliant when an existing statement denies at least what the added one would: everyone, on the bucket
 * and all its objects, every action the added one names, under the added one's condition and no other. A Deny
 * narrowed to one principal, a prefix of objects or an extra condition leaves the control failing, so the action
 * adds its own statement beside it. No statement is ever rewritten or dropped, not even one under the action's own
 * Sid: a policy holding one there that does not deny enough (narrowed by hand or by IaC, or copied from another
 * bucket) gets the action's statement under the first Sid of {@code <sid>2}, {@code <sid>3}, ... it does not hold,
 * as statements of one policy must have distinct Sids. Compliance is judged by what a statement denies, never by
 * its Sid, so a second run finds the added statement under whichever Sid it went.
 */
abstract class BucketPolicyStatement extends BucketAction<BucketPolicyStatement.State> {

  static final String GET = "s3:GetBucketPolicy";
  static final String PUT = "s3:PutBucketPolicy";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param policy the bucket policy; null when the bucket has none
   * @param bucketArn the bucket's ARN, which the statement names with its objects
   * @param owner the account owning the bucket, which the statement may name
   */
  record State(JsonNode policy, String bucketArn, String owner) {

    List<JsonNode> statements() {
      if (policy == null) {
        return List.of();
      }
      JsonNode statement = policy.path("Statement");
      return statement.isArray() ? StreamSupport.stream(statement.spliterator(), false).toList() : List.of(statement);
    }
  }

  /** The Sid the action adds its statement under when the policy holds no statement under it. */
  protected abstract String sid();

  /** What the statement denies, in words after "the statement &lt;sid&gt;", e.g. "denying requests without TLS". */
  protected abstract String denying();

  /**
   * The statement to add, without its Sid, for the bucket's ARN and its owning account: a Deny to {@code "*"} of its
   * Action on its Resource under its Condition. Every part is read back as what an existing statement must at least
   * deny.
   */
  protected abstract ObjectNode statement(String bucketArn, String account);

  /** The statement {@link #change} adds to {@code before}'s policy, under a Sid the policy does not hold. */
  private ObjectNode added(State before) {
    ObjectNode added = object().put("Sid", sids(before).free());
    added.setAll(statement(before.bucketArn(), before.owner()));
    return added;
  }

  /**
   * The Sid the statement goes under, and the Sids of the policy's statements it cannot go under: {@link #sid()},
   * then {@code sid() + 2}, {@code + 3}, ..., each taken by a statement that is not compliant (the policy would be
   * compliant otherwise) and is kept. Sids are compared regardless of case, so that none reads as another's.
   *
   * @param free the Sid the statement goes under
   * @param taken the Sids before it, as the policy spells them
   */
  private record Sids(String free, List<String> taken) {
  }

  /** The Sids of {@code state}'s policy the statement cannot go under, and the first it can. */
  private Sids sids(State state) {
    Map<String, String> held = state.statements().stream().map(statement -> statement.path("Sid"))
        .filter(JsonNode::isValueNode).map(JsonNode::asText).filter(sid -> !sid.isEmpty())
        .collect(Collectors.toMap(sid -> sid.toLowerCase(Locale.ROOT), sid -> sid, (first, second) -> first));
    List<String> taken = new ArrayList<>();
    String sid = sid();
    for (int next = 2; held.containsKey(sid.toLowerCase(Locale.ROOT)); next++) {
      taken.add(held.get(sid.toLowerCase(Locale.ROOT)));
      sid = sid() + next;
    }
    return new Sids(sid, List.copyOf(taken));
  }

  /**
   * The statement added, under which Sid, and when that is not {@link #sid()}, which statements hold the Sids before
   * it: statements Redress did not write as they are now, kept as they are, which a person may want to look at.
   */
  @Override
  protected final String plan(State before) {
    Sids sids = sids(before);
    String plan = "add the statement " + sids.free() + " " + denying() + " to the bucket policy";
    if (sids.taken().isEmpty()) {
      return plan;
    }
    return plan + (sids.taken().size() == 1
        ? " (the statement already under the Sid " + sids.taken().get(0)
            + " does not deny as much and is kept as it is)"
        : " (the statements already under the Sids " + String.join(", ", sids.taken())
            + " do not deny as much and are kept as they are)");
  }

  @Override
  public final List<String> permissions() {
    return List.of(GET, PUT, LiveTags.S3_BUCKET_TAGS);
  }

  @Override
  public final List<String> plannedCalls() {
    return List.of(GET, PUT, GET);
  }

  @Override
  protected final State read(Calls calls) {
    String bucketArn = "arn:" + calls.resource().getPartition() + ":s3:::" + calls.target();
    try {
      return new State(JSON.readTree(s3(calls, GET).getBucketPolicy(r -> r.bucket(calls.target())).policy()),
          bucketArn, calls.session().account());
    } catch (SdkException e) {
      if (errorCode(e).filter("NoSuchBucketPolicy"::equals).isPresent()) {
        return new State(null, bucketArn, calls.session().account());
      }
      throw e;
    } catch (JsonProcessingException e) {
      throw SdkException.create("bucket policy of " + calls.target() + " is not JSON", e);
    }
  }

  @Override
  protected final boolean compliant(State state) {
    ObjectNode required = statement(state.bucketArn(), state.owner());
    return state.statements().stream().anyMatch(statement -> deniesAtLeast(statement, required));
  }

  /**
   * Whether {@code statement} denies everything {@code required} does. Actions are compared regardless of case,
   * as IAM does, Resource ARNs exactly; either may be a wildcard covering the required ones. A NotPrincipal,
   * NotAction or NotResource is not read and never counts.
   */
  private static boolean deniesAtLeast(JsonNode statement, JsonNode required) {
    return statement.path("Effect").asText().equals("Deny")
        && PolicyStatements.anyPrincipal(statement)
        && !statement.has("NotPrincipal") && !statement.has("NotAction") && !statement.has("NotResource")
        && coversAll(statement.path("Action"), required.path("Action"), true)
        && coversAll(statement.path("Resource"), required.path("Resource"), false)
        && sameConditions(statement.path("Condition"), required.path("Condition"));
  }

  private static boolean coversAll(JsonNode patterns, JsonNode required, boolean ignoreCase) {
    List<String> held = strings(patterns);
    return strings(required).stream().allMatch(value -> PolicyStatements.covered(held, value, ignoreCase));
  }

  /**
   * Whether the statement carries exactly the required conditions: the same operators, each with the same keys
   * (compared regardless of case, as IAM does) and values. Any further operator or key narrows the Deny.
   */
  private static boolean sameConditions(JsonNode condition, JsonNode required) {
    if (condition.size() != required.size()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> operators = required.fields(); operators.hasNext(); ) {
      Map.Entry<String, JsonNode> operator = operators.next();
      JsonNode keys = condition.path(operator.getKey());
      if (keys.size() != operator.getValue().size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> wanted = operator.getValue().fields(); wanted.hasNext(); ) {
        Map.Entry<String, JsonNode> key = wanted.next();
        if (!strings(valueOf(keys, key.getKey())).equals(strings(key.getValue()))) {
          return false;
        }
      }
    }
    return true;
  }

  /** The value of the condition key named {@code key} in any case; missing when there is none. */
  private static JsonNode valueOf(JsonNode keys, String key) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = keys.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equalsIgnoreCase(key)) {
        return field.getValue();
      }
    }
    return keys.path(key);
  }

  @Override
  protected final void change(Calls calls, State before) {
    ObjectNode policy = before.policy() == null
        ? JSON.createObjectNode().put("Version", "2012-10-17")
        : before.policy().deepCopy();
    ArrayNode statements = JSON.createArrayNode();
    before.statements().forEach(statements::add);
    statements.add(added(before));
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
}
