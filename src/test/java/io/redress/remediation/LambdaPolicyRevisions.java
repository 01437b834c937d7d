package io.redress.remediation;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.RemovePermissionRequest;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Gives moto Lambda's RevisionId on RemovePermission, which moto 5.2.5 lacks two ways: it reads the parameter from
 * the query string as a list and so refuses every removal that names a revision, and it keeps a policy's revision
 * when a statement is removed. So the parameter is taken off the request and held against the revision moto
 * reports for the policy, refusing as Lambda does (412 PreconditionFailedException) when they differ; and after a
 * removal the revision is moved on, as Lambda moves it, by adding and removing a scoped statement. Both go through
 * the administrator's client; the policy moto keeps is the one Redress reads.
 */
final class LambdaPolicyRevisions implements ExecutionInterceptor {

  private static final String REVISION_ID = "RevisionId";

  private final Supplier<LambdaClient> administrator;

  LambdaPolicyRevisions(Supplier<LambdaClient> administrator) {
    this.administrator = administrator;
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    if (!(context.request() instanceof RemovePermissionRequest removal) || removal.revisionId() == null) {
      return context.httpRequest();
    }
    Optional<String> current = revision(removal.functionName());
    if (current.isPresent() && !current.get().equals(removal.revisionId())) {
      throw PreconditionFailedException.builder().statusCode(412)
          .message("The RevisionId provided does not match the latest RevisionId for the Lambda function or alias. "
              + "Call the GetFunction or the GetAlias API to retrieve the latest RevisionId for your resource.")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("PreconditionFailedException").serviceName("Lambda")
              .build())
          .build();
    }
    return context.httpRequest().toBuilder().removeQueryParameter(REVISION_ID).build();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof RemovePermissionRequest removal) {
      String sid = "revision-" + UUID.randomUUID();
      try (LambdaClient lambda = administrator.get()) {
        lambda.addPermission(r -> r.functionName(removal.functionName()).statementId(sid)
            .action("lambda:InvokeFunction").principal("s3.amazonaws.com").sourceAccount(MotoCloud.ACCOUNT));
        lambda.removePermission(r -> r.functionName(removal.functionName()).statementId(sid));
      }
    }
  }

  /** Empty when the function has no policy: moto answers the removal itself then. */
  private Optional<String> revision(String function) {
    try (LambdaClient lambda = administrator.get()) {
      return Optional.of(lambda.getPolicy(r -> r.functionName(function)).revisionId());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }
}
