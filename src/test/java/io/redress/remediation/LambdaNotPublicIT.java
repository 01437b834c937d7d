package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetPolicyRequest;
import software.amazon.awssdk.services.lambda.model.GetPolicyResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RemovePermissionRequest;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda.1 against a moto server: which statements of a function's policy are removed, and that a removal never hits
 * a statement put under the same Sid after the policy was read (moto keeps revisions as Lambda does through
 * {@link LambdaPolicyRevisions}).
 */
class LambdaNotPublicIT {

  private static final String ACTION = "lambda-remove-public-access";
  private static final String ACCOUNT = MotoCloud.ACCOUNT;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MotoCloud cloud;
  private LambdaClient lambda;
  private Resource thumbnail;

  @BeforeAll
  static void start() throws Exception {
    cloud = MotoCloud.start();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  /** A function named thumbnail, without any permission yet. */
  @BeforeEach
  void thumbnailFunction() throws Exception {
    cloud.reset();
    lambda = cloud.client(LambdaClient::builder);
    try (IamClient iam = cloud.client(IamClient::builder)) {
      String role = iam.createRole(r -> r.roleName("fn").assumeRolePolicyDocument("{}")).role().arn();
      String arn = lambda.createFunction(r -> r.functionName("thumbnail").runtime("python3.12").role(role)
          .handler("app.handler").code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6}))))
          .functionArn();
      thumbnail = MotoCloud.resource("AwsLambdaFunction", arn);
    }
  }

  @AfterEach
  void closeClient() {
    lambda.close();
  }

  @Test
  void aPublicInvokeStatementIsRemovedAndAScopedOneKept() {
    allowAnyone("anyone");
    allowUploadsBucket("uploads", "s3.amazonaws.com");

    assertFixedThenCompliant();

    assertThat(statements()).containsOnlyKeys("uploads");
  }

  @Test
  void aStatementOpenToAnyPrincipalButConfinedToOneBucketOfTheAccountIsKept() {
    allowAnyone("anyone");
    // Lambda stores these conditions under AWS:SourceArn and AWS:SourceAccount.
    allowUploadsBucket("uploads", "*");

    assertFixedThenCompliant();

    assertThat(statements()).containsOnlyKeys("uploads");
  }

  @Test
  void aStarStatementWhoseSourceArnMatchesEveryBucketIsRemovedAndOnePinnedToABucketKept() {
    // AddPermission writes only positive conditions; a wildcard source ARN is the way it leaves a "*" statement
    // open: anyone can name a bucket of their own that arn:aws:s3:::* matches.
    lambda.addPermission(r -> r.functionName("thumbnail").statementId("any-bucket").action("lambda:InvokeFunction")
        .principal("*").sourceArn("arn:aws:s3:::*"));
    allowUploadsBucket("uploads", "*");

    RemediationResult fixed = assertFixedThenCompliant();

    assertThat(fixed.getMessage()).contains("[any-bucket]");
    assertThat(statements()).containsOnlyKeys("uploads");
  }

  @Test
  void twoPublicStatementsAreRemovedEachWithTheRevisionOfThePolicyReadJustBefore() {
    allowAnyone("anyone");
    allowAnyone("everyone");
    allowUploadsBucket("uploads", "s3.amazonaws.com");

    RemediationResult fixed = assertFixedThenCompliant();

    // Refused removals would show as more calls: every removal moves the revision on.
    assertThat(fixed.getApiCalls()).containsExactly(LambdaNotPublic.GET, LambdaNotPublic.REMOVE, LambdaNotPublic.GET,
        LambdaNotPublic.REMOVE, LambdaNotPublic.GET);
    assertThat(statements()).containsOnlyKeys("uploads");
  }

  @Test
  void aPublicStatementReplacedUnderItsSidByAScopedOneBeforeTheRemovalIsKept() {
    allowAnyone("anyone");
    BeforeRequest scopedMeanwhile = BeforeRequest.first(RemovePermissionRequest.class, () -> {
      lambda.removePermission(r -> r.functionName("thumbnail").statementId("anyone"));
      allowUploadsBucket("anyone", "s3.amazonaws.com");
    });

    RemediationResult result = cloud.run(ACTION, thumbnail, false, Clock.systemUTC(), List.of(scopedMeanwhile));

    assertThat(statements()).as("the scoped statement").containsOnlyKeys("anyone");
    assertThat(statements().get("anyone").at("/Condition/ArnLike/AWS:SourceArn").asText())
        .isEqualTo("arn:aws:s3:::uploads");
    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(result.getMessage()).isEqualTo("thumbnail was made compliant by another change while this one was"
        + " under way; nothing was changed");
    assertThat(result.getAfter()).contains("arn:aws:s3:::uploads").contains("\"publicStatements\":[]");
    assertThat(result.getApiCalls()).as("refused, read again, verified").containsExactly(LambdaNotPublic.GET,
        LambdaNotPublic.REMOVE, LambdaNotPublic.GET, LambdaNotPublic.GET);
  }

  @Test
  void aPolicyFixedInPartByAnotherChangeSaysWhichStatementsRedressRemoved() {
    allowAnyone("anyone");
    allowAnyone("everyone");
    AtomicInteger removals = new AtomicInteger();
    BeforeRequest secondScopedMeanwhile = BeforeRequest.every(RemovePermissionRequest.class, () -> {
      if (removals.incrementAndGet() == 2) {
        lambda.removePermission(r -> r.functionName("thumbnail").statementId("everyone"));
        allowUploadsBucket("everyone", "s3.amazonaws.com");
      }
    });

    RemediationResult result = cloud.run(ACTION, thumbnail, false, Clock.systemUTC(), List.of(secondScopedMeanwhile));

    assertThat(statements()).containsOnlyKeys("everyone");
    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(result.getMessage()).endsWith("; the policy changed while it was being fixed: [anyone] were removed,"
        + " of [anyone, everyone] public when it was first read");
  }

  @Test
  void aPolicyThatKeepsChangingFailsAfterTheSpareRemovalsSayingSoAndKeepsItsStatement() {
    allowAnyone("anyone");
    BeforeRequest changedEachTime = BeforeRequest.every(RemovePermissionRequest.class, () -> {
      lambda.removePermission(r -> r.functionName("thumbnail").statementId("anyone"));
      allowAnyone("anyone");
    });

    RemediationResult result = cloud.run(ACTION, thumbnail, false, Clock.systemUTC(), List.of(changedEachTime));

    int attempts = 1 + LambdaNotPublic.SPARE_CHANGES;
    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("the function thumbnail or its policy kept changing")
        .contains("of " + attempts + " changes, Lambda refused " + attempts, "[anyone] are still public",
            "run the remediation again");
    assertThat(Collections.frequency(result.getApiCalls(), LambdaNotPublic.REMOVE)).isEqualTo(attempts);
    assertThat(statements()).containsOnlyKeys("anyone");
  }

  @Test
  void anS3StatementWithoutTheSourceAccountIsWrittenAgainPinnedToTheAccountOfItsBucketBeforeItIsRemoved() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    S3RequestOwners owners = new S3RequestOwners();

    RemediationResult fixed = cloud.run(ACTION, thumbnail, false, Clock.systemUTC(), List.of(owners));

    assertThat(fixed.getStatus()).as(fixed.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(owners.expected()).as("the bucket is asked for as the function account's").containsExactly(ACCOUNT);
    assertThat(cloud.run(ACTION, thumbnail).getStatus()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);

    assertThat(statements()).containsOnlyKeys("uploads-SourceAccount");
    assertPinnedCopy(statements().get("uploads-SourceAccount"));
    assertThat(fixed.getApiCalls()).as("the bucket confirmed, the copy added before the statement is removed")
        .containsExactly(LambdaNotPublic.GET, LambdaNotPublic.BUCKET_LOCATION, LambdaNotPublic.ADD, LambdaNotPublic.GET,
            LambdaNotPublic.REMOVE, LambdaNotPublic.GET);
    assertThat(fixed.getMessage()).isEqualTo("pin the S3 statements [uploads] to the function's account with "
        + "AWS:SourceAccount on thumbnail");
    assertThat(fixed.getBefore()).contains("\"s3StatementsWithoutSourceAccount\":[\"uploads\"]");
    assertThat(fixed.getAfter()).contains("\"s3StatementsWithoutSourceAccount\":[]");
  }

  @Test
  void aDryRunPlansThePinningWithItsCalls() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    allowAnyone("anyone");

    RemediationResult planned = cloud.run(ACTION, thumbnail, true, Clock.systemUTC());

    assertThat(planned.getStatus()).isEqualTo(RemediationStatus.DRY_RUN);
    assertThat(planned.getMessage()).isEqualTo("dry run: would remove the public statements [anyone] from the "
        + "function policy and pin the S3 statements [uploads] to the function's account with AWS:SourceAccount on "
        + "thumbnail; nothing changed");
    assertThat(planned.getApiCalls()).containsExactly(LambdaNotPublic.GET, LambdaNotPublic.REMOVE, LambdaNotPublic.GET,
        LambdaNotPublic.BUCKET_LOCATION, LambdaNotPublic.ADD, LambdaNotPublic.GET, LambdaNotPublic.REMOVE,
        LambdaNotPublic.GET);
    assertThat(statements()).containsOnlyKeys("uploads", "anyone");
  }

  @Test
  void aStarStatementConfinedToABucketAloneIsReplacedByS3sPinnedToTheAccount() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "*");

    assertFixedThenCompliant();

    assertThat(statements()).containsOnlyKeys("uploads-SourceAccount");
    assertPinnedCopy(statements().get("uploads-SourceAccount"));
  }

  @Test
  void aStatementForABucketNobodyHasIsPinnedSoNoOtherAccountCanClaimTheNameAndTheResultSaysSo() {
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");

    RemediationResult fixed = assertFixedThenCompliant();

    assertPinnedCopy(statements().get("uploads-SourceAccount"));
    assertThat(fixed.getMessage()).endsWith("; the bucket uploads that the statement uploads named does not exist; "
        + "its pinned copy admits only a bucket of account " + ACCOUNT + " by that name");
  }

  @Test
  void aStatementForABucketS3WillNotConfirmAsTheAccountsIsLeftWhilePublicOnesAreStillRemoved() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    allowAnyone("anyone");
    // What S3 answers when the bucket is another account's, as the expected owner header makes it.
    cloud.denyTheRemediator(LambdaNotPublic.BUCKET_LOCATION);

    RemediationResult result = cloud.run(ACTION, thumbnail);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("the statement uploads lets S3 invoke the function for bucket uploads of "
        + "any account, and S3 did not confirm the bucket is account " + ACCOUNT + "'s: GetBucketLocation expecting "
        + "that owner answered ").contains("(HTTP 403: the bucket is another account's, or s3:GetBucketLocation on "
            + "it is not granted). Add AWS:SourceAccount with the bucket owner's account to it")
        .endsWith(". Redress removed the public statements [anyone].");
    assertThat(statements()).containsOnlyKeys("uploads");
  }

  @Test
  void aDryRunChecksTheBucketsAsTheChangeWouldAndFailsWhereTheChangeWouldLeaveAStatement() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    allowAnyone("anyone");
    cloud.denyTheRemediator(LambdaNotPublic.BUCKET_LOCATION);

    RemediationResult planned = cloud.run(ACTION, thumbnail, true, Clock.systemUTC());

    assertThat(planned.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(planned.getMessage()).startsWith("dry run: the statement uploads lets S3 invoke the function for bucket "
        + "uploads of any account, and S3 did not confirm the bucket is account " + ACCOUNT + "'s")
        .endsWith(". The change would still remove the public statements [anyone]. Nothing was changed.");
    assertThat(planned.getApiCalls()).containsExactly(LambdaNotPublic.GET, LambdaNotPublic.BUCKET_LOCATION);
    assertThat(statements()).containsOnlyKeys("uploads", "anyone");
  }

  @Test
  void aDryRunSaysWhenABucketNobodyHasWouldHaveItsStatementsPinnedToTheAccount() {
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");

    RemediationResult planned = cloud.run(ACTION, thumbnail, true, Clock.systemUTC());

    assertThat(planned.getStatus()).isEqualTo(RemediationStatus.DRY_RUN);
    assertThat(planned.getMessage()).endsWith("; nothing changed; the bucket uploads that the statement uploads names"
        + " does not exist; the change would pin the statement to account " + ACCOUNT + ", so that no other account"
        + " can take the name");
    assertThat(statements()).containsOnlyKeys("uploads");
  }

  @Test
  void aDryRunSaysNothingOfPinningAStatementItWouldLeave() {
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    allowAlertsTopicUnderTheCopysSid();

    RemediationResult planned = cloud.run(ACTION, thumbnail, true, Clock.systemUTC());

    assertThat(planned.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(planned.getMessage()).isEqualTo("dry run: the statement uploads lets S3 invoke the function for bucket "
        + "uploads of any account, and the Sid its pinned copy would take, uploads-SourceAccount, holds another "
        + "statement. Nothing was changed.");
  }

  @Test
  void aReadBackThatFailsAfterTheChangeSaysTheChangeWasMade() {
    allowAnyone("anyone");
    AtomicInteger reads = new AtomicInteger();
    BeforeRequest verifyRefused = BeforeRequest.every(GetPolicyRequest.class, () -> {
      if (reads.incrementAndGet() == 2) {
        throw LambdaException.builder().statusCode(503).message("Service unavailable")
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceException").errorMessage("unavailable")
                .serviceName("Lambda").build())
            .build();
      }
    });

    RemediationResult result = cloud.run(ACTION, thumbnail, false, Clock.systemUTC(), List.of(verifyRefused));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).isEqualTo("lambda:GetPolicy on thumbnail failed after the change was made (remove"
        + " the public statements [anyone] from the function policy): ServiceException (unavailable)");
    assertThat(statements()).isEmpty();
  }

  @Test
  void anS3StatementAddPermissionCouldNotWriteAgainWholeIsLeftToAPerson() {
    uploadsBucket();
    lambda.addPermission(r -> r.functionName("thumbnail").statementId("org-uploads").action("lambda:InvokeFunction")
        .principal("s3.amazonaws.com").sourceArn("arn:aws:s3:::uploads").principalOrgID("o-exampleorg"));
    lambda.addPermission(r -> r.functionName("thumbnail").statementId("some-uploads").action("lambda:InvokeFunction")
        .principal("s3.amazonaws.com").sourceArn("arn:aws:s3:::uploads-*"));

    RemediationResult result = cloud.run(ACTION, thumbnail);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).isEqualTo("the statement org-uploads lets S3 invoke the function for bucket uploads "
        + "of any account, and holds more than AddPermission could write again pinned to the account (several "
        + "actions or principals, or conditions besides AWS:SourceArn), so add AWS:SourceAccount to it by hand; the "
        + "statement some-uploads lets S3 invoke the function for a bucket of any account, and names no single bucket "
        + "(its AWS:SourceArn is missing, a wildcard, several, or not a bucket's) whose account Redress could confirm, so name the "
        + "bucket and its account (AWS:SourceAccount) in it. Nothing was changed.");
    assertThat(result.getApiCalls()).containsExactly(LambdaNotPublic.GET);
    assertThat(statements()).containsOnlyKeys("org-uploads", "some-uploads");
  }

  @Test
  void aRunStoppedAfterThePinnedCopyWasAddedIsFinishedByRemovingTheOldStatementOnly() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    allowUploadsBucket("uploads-SourceAccount", "s3.amazonaws.com");

    RemediationResult fixed = assertFixedThenCompliant();

    assertThat(fixed.getApiCalls()).containsExactly(LambdaNotPublic.GET, LambdaNotPublic.BUCKET_LOCATION,
        LambdaNotPublic.REMOVE, LambdaNotPublic.GET);
    assertThat(statements()).containsOnlyKeys("uploads-SourceAccount");
  }

  @Test
  void aSidThePinnedCopyWouldTakeHoldingAnotherStatementLeavesTheStatement() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    allowAlertsTopicUnderTheCopysSid();

    RemediationResult result = cloud.run(ACTION, thumbnail);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).isEqualTo("the statement uploads lets S3 invoke the function for bucket uploads of "
        + "any account, and the Sid its pinned copy would take, uploads-SourceAccount, holds another statement. "
        + "Nothing was changed.");
    assertThat(statements()).containsOnlyKeys("uploads", "uploads-SourceAccount");
  }

  @Test
  void aPinnedCopyDeletedBeforeTheOldStatementIsRemovedIsAddedAgainFirst() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    BeforeRequest copyDeleted = BeforeRequest.first(RemovePermissionRequest.class,
        () -> removedByAnotherHand("uploads-SourceAccount"));

    RemediationResult fixed = cloud.run(ACTION, thumbnail, false, Clock.systemUTC(), List.of(copyDeleted));

    assertThat(fixed.getStatus()).as(fixed.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(fixed.getApiCalls()).as("the removal refused, the copy added again, then the removal")
        .containsExactly(LambdaNotPublic.GET, LambdaNotPublic.BUCKET_LOCATION, LambdaNotPublic.ADD,
            LambdaNotPublic.GET, LambdaNotPublic.REMOVE, LambdaNotPublic.GET, LambdaNotPublic.ADD, LambdaNotPublic.GET,
            LambdaNotPublic.REMOVE, LambdaNotPublic.GET);
    assertThat(statements()).containsOnlyKeys("uploads-SourceAccount");
    assertPinnedCopy(statements().get("uploads-SourceAccount"));
  }

  @Test
  void aStatementUnderTheCopysSidWithAConditionMoreIsNotTakenForTheCopy() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    allowUploadsBucket("uploads-SourceAccount", "s3.amazonaws.com");
    // S3 carries no organization id, so this statement never lets it invoke the function. moto drops the
    // organization condition AddPermission writes beside a source account, so Redress is shown it as Lambda keeps it.
    ExecutionInterceptor withOrganization = new ExecutionInterceptor() {
      @Override
      public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (!(context.response() instanceof GetPolicyResponse read)) {
          return context.response();
        }
        try {
          ObjectNode policy = (ObjectNode) JSON.readTree(read.policy());
          policy.path("Statement").forEach(statement -> {
            if (statement.path("Sid").asText().equals("uploads-SourceAccount")) {
              ((ObjectNode) statement.path("Condition").path("StringEquals")).put("aws:PrincipalOrgID", "o-exampleorg");
            }
          });
          return read.toBuilder().policy(JSON.writeValueAsString(policy)).build();
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
    };

    RemediationResult result = cloud.run(ACTION, thumbnail, false, Clock.systemUTC(), List.of(withOrganization));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).contains("the Sid its pinned copy would take, uploads-SourceAccount, holds another "
        + "statement");
    assertThat(statements()).containsOnlyKeys("uploads", "uploads-SourceAccount");
  }

  @Test
  void aStatementPinnedByAnotherHandAfterItsCopyWasAddedIsKeptAndTheResultNamesTheCopy() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    BeforeRequest pinnedMeanwhile = BeforeRequest.first(RemovePermissionRequest.class, () -> {
      lambda.removePermission(r -> r.functionName("thumbnail").statementId("uploads"));
      allowUploadsBucket("uploads", "s3.amazonaws.com");
    });

    RemediationResult result = cloud.run(ACTION, thumbnail, false, Clock.systemUTC(), List.of(pinnedMeanwhile));

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(result.getMessage()).contains("the pinned copies [uploads-SourceAccount] were added, and the statements"
        + " they copy were changed by another hand before Redress could remove them, so Redress left them as they"
        + " are");
    assertThat(statements()).containsOnlyKeys("uploads", "uploads-SourceAccount");
  }

  @Test
  void aFailedCallAfterTheCopyWasAddedLeavesTheOldStatementAndTheResultNamesTheCopy() {
    uploadsBucket();
    allowUploadsBucketOfAnyAccount("uploads", "s3.amazonaws.com");
    cloud.denyTheRemediator(LambdaNotPublic.REMOVE);

    RemediationResult result = cloud.run(ACTION, thumbnail);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("lambda:RemovePermission on thumbnail failed after part of the change"
        + " was made (lambda:AddPermission): ").endsWith("; before that, Redress added the pinned copies"
        + " [uploads-SourceAccount]");
    assertThat(statements()).containsOnlyKeys("uploads", "uploads-SourceAccount");
  }

  @Test
  void anUpdateOfTheFunctionUnderWayIsWaitedOutAndThePolicyReadAgain() {
    allowAnyone("anyone");
    BeforeRequest updating = BeforeRequest.first(RemovePermissionRequest.class, () -> {
      throw ResourceConflictException.builder().statusCode(409)
          .message("The operation cannot be performed at this time. An update is in progress for resource: thumbnail")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceConflictException").serviceName("Lambda")
              .build())
          .build();
    });

    RemediationResult result = cloud.run(ACTION, thumbnail, false, Clock.systemUTC(), List.of(updating));

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(result.getApiCalls()).containsExactly(LambdaNotPublic.GET, LambdaNotPublic.REMOVE, LambdaNotPublic.GET,
        LambdaNotPublic.REMOVE, LambdaNotPublic.GET);
    assertThat(statements()).isEmpty();
  }

  private void allowAnyone(String sid) {
    lambda.addPermission(r -> r.functionName("thumbnail").statementId(sid).action("lambda:InvokeFunction")
        .principal("*"));
  }

  private void allowUploadsBucket(String sid, String principal) {
    lambda.addPermission(r -> r.functionName("thumbnail").statementId(sid).action("lambda:InvokeFunction")
        .principal(principal).sourceArn("arn:aws:s3:::uploads").sourceAccount(ACCOUNT));
  }

  /** What AddPermission writes for S3 and the bucket without its account: ArnLike AWS:SourceArn alone. */
  private void allowUploadsBucketOfAnyAccount(String sid, String principal) {
    lambda.addPermission(r -> r.functionName("thumbnail").statementId(sid).action("lambda:InvokeFunction")
        .principal(principal).sourceArn("arn:aws:s3:::uploads"));
  }

  /** Another statement under the Sid the pinned copy of "uploads" would take. */
  private void allowAlertsTopicUnderTheCopysSid() {
    lambda.addPermission(r -> r.functionName("thumbnail").statementId("uploads-SourceAccount")
        .action("lambda:InvokeFunction").principal("sns.amazonaws.com")
        .sourceArn("arn:aws:sns:us-east-1:" + ACCOUNT + ":alerts"));
  }

  /** Lambda gives the policy a new revision on every change; moto does not on a removal, so one is added for it. */
  private void removedByAnotherHand(String sid) {
    lambda.removePermission(r -> r.functionName("thumbnail").statementId(sid));
    lambda.addPermission(r -> r.functionName("thumbnail").statementId("revision").action("lambda:InvokeFunction")
        .principal("s3.amazonaws.com").sourceArn("arn:aws:s3:::revision").sourceAccount(ACCOUNT));
    lambda.removePermission(r -> r.functionName("thumbnail").statementId("revision"));
  }

  private void uploadsBucket() {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      s3.createBucket(r -> r.bucket("uploads"));
    }
  }

  private static void assertPinnedCopy(JsonNode statement) {
    assertThat(statement.at("/Principal/Service").asText()).isEqualTo("s3.amazonaws.com");
    assertThat(statement.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
    assertThat(statement.at("/Condition/ArnLike/AWS:SourceArn").asText()).isEqualTo("arn:aws:s3:::uploads");
    assertThat(statement.at("/Condition/StringEquals/AWS:SourceAccount").asText()).isEqualTo(ACCOUNT);
  }

  /** The function's policy statements by Sid, read by the administrator; none when it has no policy left. */
  private Map<String, JsonNode> statements() {
    try {
      JsonNode policy = JSON.readTree(lambda.getPolicy(r -> r.functionName("thumbnail")).policy());
      return StreamSupport.stream(policy.path("Statement").spliterator(), false)
          .collect(Collectors.toMap(statement -> statement.path("Sid").asText(), Function.identity()));
    } catch (ResourceNotFoundException noPolicy) {
      return Map.of();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("moto answered a policy that is not JSON", e);
    }
  }

  private RemediationResult assertFixedThenCompliant() {
    RemediationResult first = cloud.run(ACTION, thumbnail);
    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(first.getBefore()).isNotEqualTo(first.getAfter());
    RemediationResult again = cloud.run(ACTION, thumbnail);
    assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    return first;
  }
}
