package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3.5 and S3.6 against a bucket policy already holding a statement under Redress's Sid that does not deny enough:
 * narrowed by hand or by IaC, or copied from another bucket. Statements of one policy must have distinct Sids; moto
 * accepts a policy with two under one Sid, so S3 here is a fake that refuses it as S3 does.
 */
class BucketPolicyStatementTest {

  private static final String GET = "s3:GetBucketPolicy";
  private static final String PUT = "s3:PutBucketPolicy";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Resource BUCKET = Commands.bucket(MotoCloud.ACCOUNT, "arn:aws:s3:::data");
  private static final String TLS_ON_THE_OBJECTS_ONLY = """
      {"Sid":"RedressDenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",\
      "Resource":"arn:aws:s3:::data/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""";

  @Test
  void aTlsStatementNarrowedUnderRedresssSidIsKeptAndTheFullOneIsAddedUnderTheNextSid() throws Exception {
    FakeBucket bucket = new FakeBucket(policyOf(TLS_ON_THE_OBJECTS_ONLY));

    ActionOutcome first = new S3DenyInsecureTransport().execute(bucket.session(), BUCKET,
        Commands.NOTHING_EXCEPTED, false);
    ActionOutcome again = new S3DenyInsecureTransport().execute(bucket.session(), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(first.status()).as(first.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(first.message()).isEqualTo("add the statement RedressDenyInsecureTransport2 denying requests without "
        + "TLS to the bucket policy (the statement already under the Sid RedressDenyInsecureTransport does not deny as "
        + "much and is kept as it is) on data");
    assertThat(first.apiCalls()).containsExactly(GET, PUT, GET);
    JsonNode statements = bucket.statements();
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).isEqualTo(JSON.readTree(TLS_ON_THE_OBJECTS_ONLY));
    assertThat(statements.get(1)).isEqualTo(JSON.readTree("""
        {"Sid":"RedressDenyInsecureTransport2","Effect":"Deny","Principal":"*","Action":"s3:*",\
        "Resource":["arn:aws:s3:::data","arn:aws:s3:::data/*"],\
        "Condition":{"Bool":{"aws:SecureTransport":"false"}}}"""));
    assertThat(again.status()).as(again.message()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(again.apiCalls()).containsExactly(GET);
  }

  @Test
  void aCrossAccountStatementCopiedFromAnotherBucketAndANarrowedOneBesideItAreBothKept() throws Exception {
    String copied = """
        {"Sid":"RedressDenyCrossAccountPolicyChanges","Effect":"Deny","Principal":"*","Action":["%s"],\
        "Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"],\
        "Condition":{"StringNotEquals":{"aws:PrincipalAccount":"%s"}}}"""
        .formatted(String.join("\",\"", S3DenyCrossAccountPolicyChanges.GUARDED), MotoCloud.ACCOUNT);
    String narrowed = """
        {"Sid":"RedressDenyCrossAccountPolicyChanges2","Effect":"Deny","Principal":"*","Action":"s3:PutBucketPolicy",\
        "Resource":"arn:aws:s3:::data","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"%s"}}}"""
        .formatted(MotoCloud.ACCOUNT);
    FakeBucket bucket = new FakeBucket(policyOf(copied + "," + narrowed));

    ActionOutcome first = new S3DenyCrossAccountPolicyChanges().execute(bucket.session(), BUCKET,
        Commands.NOTHING_EXCEPTED, false);
    ActionOutcome again = new S3DenyCrossAccountPolicyChanges().execute(bucket.session(), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(first.status()).as(first.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(first.message()).startsWith("add the statement RedressDenyCrossAccountPolicyChanges3 denying other"
            + " accounts policy, ACL and encryption changes to the bucket policy")
        .endsWith(" (the statements already under the Sids RedressDenyCrossAccountPolicyChanges, "
            + "RedressDenyCrossAccountPolicyChanges2 do not deny as much and are kept as they are) on data");
    JsonNode statements = bucket.statements();
    assertThat(statements).hasSize(3);
    assertThat(statements.get(0)).isEqualTo(JSON.readTree(copied));
    assertThat(statements.get(1)).isEqualTo(JSON.readTree(narrowed));
    assertThat(statements.get(2).path("Sid").asText()).isEqualTo("RedressDenyCrossAccountPolicyChanges3");
    assertThat(statements.get(2).path("Resource").toString()).contains("arn:aws:s3:::data/*");
    assertThat(again.status()).as(again.message()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
  }

  @Test
  void aSidTakenInAnotherCaseIsNotReused() throws Exception {
    FakeBucket bucket = new FakeBucket(policyOf(TLS_ON_THE_OBJECTS_ONLY
        .replace("RedressDenyInsecureTransport", "redressdenyinsecuretransport")));

    ActionOutcome outcome = new S3DenyInsecureTransport().execute(bucket.session(), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(outcome.message()).contains("the Sid redressdenyinsecuretransport does not deny as much");
    assertThat(bucket.statements().get(1).path("Sid").asText()).isEqualTo("RedressDenyInsecureTransport2");
  }

  @Test
  void aDryRunNamesTheSidTheStatementWouldGoUnderAndChangesNothing() throws Exception {
    String policy = policyOf(TLS_ON_THE_OBJECTS_ONLY);
    FakeBucket bucket = new FakeBucket(policy);

    ActionOutcome outcome = new S3DenyInsecureTransport().execute(bucket.session(), BUCKET,
        Commands.NOTHING_EXCEPTED, true);

    assertThat(outcome.status()).isEqualTo(RemediationStatus.DRY_RUN);
    assertThat(outcome.apiCalls()).as("the calls a real run would make").containsExactly(GET, PUT, GET);
    assertThat(outcome.message()).contains("would add the statement RedressDenyInsecureTransport2 ",
        "the Sid RedressDenyInsecureTransport does not deny as much and is kept as it is");
    assertThat(bucket.policy).isEqualTo(policy);
  }

  @Test
  void aPolicyWithoutRedresssSidGetsTheStatementUnderItAndTheMessageSaysNothingMore() throws Exception {
    FakeBucket bucket = new FakeBucket(null);

    ActionOutcome outcome = new S3DenyInsecureTransport().execute(bucket.session(), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(outcome.message())
        .isEqualTo("add the statement RedressDenyInsecureTransport denying requests without TLS to the bucket policy "
            + "on data");
    assertThat(bucket.statements()).hasSize(1);
    assertThat(bucket.statements().get(0).path("Sid").asText()).isEqualTo(S3DenyInsecureTransport.SID);
  }

  /** A Deny of the same shape under another condition denies other requests, here only those over TLS. */
  @Test
  void aDenyUnderAnotherConditionOfTheSameShapeDoesNotCountAndTheFullOneIsAdded() throws Exception {
    String overTls = """
        {"Sid":"Custom","Effect":"Deny","Principal":"*","Action":"s3:*",\
        "Resource":["arn:aws:s3:::data","arn:aws:s3:::data/*"],"Condition":{"Bool":{"aws:SecureTransport":"true"}}}""";
    String otherOperator = """
        {"Sid":"Custom2","Effect":"Deny","Principal":"*","Action":"s3:*",\
        "Resource":["arn:aws:s3:::data","arn:aws:s3:::data/*"],\
        "Condition":{"StringEquals":{"aws:SecureTransport":"false"}}}""";
    FakeBucket bucket = new FakeBucket(policyOf(overTls + "," + otherOperator));

    ActionOutcome outcome = new S3DenyInsecureTransport().execute(bucket.session(), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(bucket.statements()).hasSize(3);
    assertThat(bucket.statements().get(2).path("Sid").asText()).isEqualTo(S3DenyInsecureTransport.SID);
  }

  /** IAM reads condition keys regardless of case, so a full Deny spelled otherwise needs no second statement. */
  @Test
  void aFullDenyWhoseConditionKeyIsSpelledInAnotherCaseIsCompliantAndNothingIsWritten() throws Exception {
    String policy = policyOf("""
        {"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*",\
        "Resource":["arn:aws:s3:::data","arn:aws:s3:::data/*"],\
        "Condition":{"Bool":{"AWS:SECURETRANSPORT":"false"}}}""");
    FakeBucket bucket = new FakeBucket(policy);

    ActionOutcome outcome = new S3DenyInsecureTransport().execute(bucket.session(), BUCKET,
        Commands.NOTHING_EXCEPTED, false);

    assertThat(outcome.status()).as(outcome.message()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(outcome.apiCalls()).containsExactly(GET);
    assertThat(bucket.policy).isEqualTo(policy);
  }

  private static String policyOf(String statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
  }

  /** One bucket's policy, null when it has none, which refuses a policy holding two statements under one Sid. */
  private static final class FakeBucket {

    private String policy;

    FakeBucket(String policy) {
      this.policy = policy;
    }

    JsonNode statements() throws Exception {
      return JSON.readTree(policy).path("Statement");
    }

    @SuppressWarnings("unchecked")
    AwsSession session() {
      S3Client s3 = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
          new Class<?>[] {S3Client.class}, (proxy, method, arguments) -> switch (method.getName()) {
            case "close" -> null;
            case "serviceName" -> S3Client.SERVICE_NAME;
            case "getBucketPolicy" -> {
              if (policy == null) {
                throw refused(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
              }
              yield GetBucketPolicyResponse.builder().policy(policy).build();
            }
            case "putBucketPolicy" -> {
              PutBucketPolicyRequest.Builder request = PutBucketPolicyRequest.builder();
              ((Consumer<PutBucketPolicyRequest.Builder>) arguments[0]).accept(request);
              put(request.build().policy());
              yield PutBucketPolicyResponse.builder().build();
            }
            default -> throw new AssertionError("unexpected call " + method.getName());
          });
      return S3Sessions.answeringWith(s3, MotoCloud.ACCOUNT);
    }

    private void put(String document) throws Exception {
      Set<String> sids = new HashSet<>();
      for (JsonNode statement : JSON.readTree(document).path("Statement")) {
        if (statement.has("Sid") && !sids.add(statement.path("Sid").asText())) {
          throw refused(400, "MalformedPolicy", "Invalid policy syntax.");
        }
      }
      policy = document;
    }

    private static S3Exception refused(int status, String code, String message) {
      return (S3Exception) S3Exception.builder().statusCode(status)
          .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
  }
}
