package io.redress.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetPolicyResponse;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;

/**
 * Removes the statements of a function's resource policy that let anyone invoke it (Security Hub Lambda.1): a
 * principal of "*" that no condition pins to a source account, source ARN or organization (see
 * {@link PolicyStatements#openToEveryone}). A condition that confines nobody does not save a statement: everyone but
 * one account, a source key tested only if present, a wildcard value. Nor does {@code lambda:FunctionUrlAuthType}:
 * "*" under {@code NONE} is a function URL anyone on the internet may call, which Lambda itself calls public access
 * (it refuses to add that statement while the function blocks public policies). Every other statement (principals
 * scoped to a source, such as an S3 bucket's notifications, and named accounts) is kept.
 *
 * <p>A statement is removed by its Sid, and a Sid outlives its statement: an IaC tool replacing a public statement
 * with a scoped one often reuses the Sid. So each removal names the RevisionId of the policy read that found the
 * statement public, and Lambda refuses it (PreconditionFailedException) once the function has changed since (the
 * revision is the function's: its policy, its code or its configuration); the policy is then read and judged again,
 * and a statement under that Sid that is no longer public is kept. A policy another hand made private before Redress
 * removed anything is reported ALREADY_COMPLIANT, not as a change Redress made.
 */
public final class LambdaNotPublic extends CheckedChange<LambdaNotPublic.State> {

  static final String GET = "lambda:GetPolicy";
  static final String REMOVE = "lambda:RemovePermission";
  /**
   * Removals allowed beyond one per public statement, for a policy that changed between a read and a removal: an
   * IaC apply settles within a few changes, and a policy still changing after that is left to a person.
   */
  static final int SPARE_REMOVALS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param revision the policy's RevisionId; null when the function has no policy
   * @param publicStatements the Sids of the statements anyone may invoke through
   */
  record State(JsonNode policy, String revision, List<String> publicStatements) {
  }

  @Override
  public String name() {
    return "lambda-remove-public-access";
  }

  @Override
  public Set<String> controls() {
    return Set.of("Lambda.1");
  }

  @Override
  public String resourceType() {
    return "AwsLambdaFunction";
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, REMOVE);
  }

  @Override
  public String summary() {
    return "Removes the function policy statements that let any principal invoke it; other statements are kept.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, REMOVE, GET);
  }

  /** The function's name, bare or after {@code :function:} in its ARN (a version or alias suffix is kept). */
  @Override
  protected Optional<String> target(Resource resource) {
    String id = resource.getId();
    int function = id.indexOf(":function:");
    return Optional.of(function < 0 ? id : id.substring(function + ":function:".length()));
  }

  @Override
  protected State read(Calls calls) {
    GetPolicyResponse response;
    JsonNode policy;
    try {
      response = calls.call(GET).client(LambdaClient::builder).getPolicy(r -> r.functionName(calls.target()));
      policy = JSON.readTree(response.policy());
    } catch (SdkException e) {
      // A function without a resource policy answers ResourceNotFoundException, as a deleted one does: either
      // way nobody can invoke it through a policy.
      if (errorCode(e).filter("ResourceNotFoundException"::equals).isPresent()) {
        return new State(null, null, List.of());
      }
      throw e;
    } catch (JsonProcessingException e) {
      throw SdkException.create("policy of function " + calls.target() + " is not JSON", e);
    }
    JsonNode statements = policy.path("Statement");
    List<String> open = StreamSupport.stream(statements.spliterator(), false)
        .filter(PolicyStatements::openToEveryone).map(statement -> statement.path("Sid").asText()).toList();
    return new State(policy, response.revisionId(), open);
  }

  @Override
  protected boolean compliant(State state) {
    return state.publicStatements().isEmpty();
  }

  @Override
  protected String plan(State before) {
    return "remove the public statements " + before.publicStatements() + " from the function policy";
  }

  /**
   * Removes the public statements one at a time. Every change to a policy gives it a new RevisionId, a removal
   * included, so after each the policy is read again for the next removal's revision, and judged again.
   */
  @Override
  protected void change(Calls calls, State before) {
    int attempts = before.publicStatements().size() + SPARE_REMOVALS;
    State current = before;
    List<String> removed = new ArrayList<>();
    boolean done = false;
    for (int attempt = 0; attempt < attempts && !done; attempt++) {
      String sid = current.publicStatements().get(0);
      boolean took = removed(calls, sid, current.revision());
      if (took) {
        removed.add(sid);
      }
      if (took && current.publicStatements().size() == 1) {
        done = true; // the read that verifies the change reads the policy again
      } else {
        current = read(calls);
        done = compliant(current);
      }
    }
    if (!done) {
      throw new Refused("the function " + calls.target() + " or its policy kept changing while the policy's public "
          + "statements were being removed: of " + attempts + " removals, Lambda refused " + (attempts - removed.size())
          + " because the function had changed since its policy was read (PreconditionFailedException), and "
          + current.publicStatements() + " are still public. Find what keeps changing the function, then run the "
          + "remediation again.");
    }
    if (removed.isEmpty()) {
      throw new CompliantMeanwhile();
    }
    if (!removed.equals(before.publicStatements())) {
      calls.note("the policy changed while it was being fixed: " + removed + " were removed, of "
          + before.publicStatements() + " public when it was first read");
    }
  }

  /** False when Lambda refused because the policy is no longer at {@code revision}. */
  private static boolean removed(Calls calls, String sid, String revision) {
    try {
      calls.call(REMOVE).client(LambdaClient::builder)
          .removePermission(r -> r.functionName(calls.target()).statementId(sid).revisionId(revision));
      return true;
    } catch (PreconditionFailedException e) {
      return false;
    }
  }
}
