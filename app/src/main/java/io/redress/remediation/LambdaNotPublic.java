package io.redress.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.Resource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Removes the statements of a function's resource policy that let anyone invoke it (Security Hub Lambda.1): a
 * principal of "*" that no condition pins to a source account, source ARN or organization (see
 * {@link PolicyStatements#openToEveryone}). A condition that confines nobody does not save a statement: everyone but
 * one account, a source key tested only if present, a wildcard value. Nor does {@code lambda:FunctionUrlAuthType}:
 * "*" under {@code NONE} is a function URL anyone on the internet may call, which Lambda itself calls public access
 * (it refuses to add that statement while the function blocks public policies). Every other statement (principals
 * scoped to a source, such as an S3 bucket's notifications, and named accounts) is kept.
 */
public final class LambdaNotPublic extends CheckedChange<LambdaNotPublic.State> {

  static final String GET = "lambda:GetPolicy";
  static final String REMOVE = "lambda:RemovePermission";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** @param publicStatements the Sids of the statements anyone may invoke through */
  record State(JsonNode policy, List<String> publicStatements) {
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
    JsonNode policy;
    try {
      policy = JSON.readTree(calls.call(GET).client(LambdaClient::builder)
          .getPolicy(r -> r.functionName(calls.target())).policy());
    } catch (SdkException e) {
      // A function without a resource policy answers ResourceNotFoundException, as a deleted one does: either
      // way nobody can invoke it through a policy.
      if (errorCode(e).filter("ResourceNotFoundException"::equals).isPresent()) {
        return new State(null, List.of());
      }
      throw e;
    } catch (JsonProcessingException e) {
      throw SdkException.create("policy of function " + calls.target() + " is not JSON", e);
    }
    JsonNode statements = policy.path("Statement");
    List<String> open = StreamSupport.stream(statements.spliterator(), false)
        .filter(PolicyStatements::openToEveryone).map(statement -> statement.path("Sid").asText()).toList();
    return new State(policy, open);
  }

  @Override
  protected boolean compliant(State state) {
    return state.publicStatements().isEmpty();
  }

  @Override
  protected String plan(State before) {
    return "remove the public statements " + before.publicStatements() + " from the function policy";
  }

  @Override
  protected void change(Calls calls, State before) {
    for (String sid : before.publicStatements()) {
      calls.call(REMOVE).client(LambdaClient::builder)
          .removePermission(r -> r.functionName(calls.target()).statementId(sid));
    }
  }
}
