package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyStatementsTest {

  private static final String OBJECTS = "arn:aws:s3:::site/*";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An Allow to "*" under the given Condition block. */
  private static boolean openToEveryoneUnder(String condition) throws Exception {
    return PolicyStatements.openToEveryone(JSON.readTree(
        "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Condition\":"
            + condition + "}"));
  }

  @Test
  void aStarAfterTheBucketOrAnyBeginningOfItsArnCoversEveryObject() {
    for (String pattern : List.of("*", "arn:aws:s3:::*", "arn:aws:s3:::site*", "arn:aws:s3:::site/*", "*/*")) {
      assertThat(PolicyStatements.covered(List.of(pattern), OBJECTS, false)).as(pattern).isTrue();
    }
  }

  @Test
  void aPrefixOfObjectsAnotherBucketOrTheBucketAloneDoesNotCoverEveryObject() {
    for (String pattern : List.of("arn:aws:s3:::site/private/*", "arn:aws:s3:::sites*", "arn:aws:s3:::site",
        "arn:aws:s3:::site/*.txt", "arn:aws:s3:::site/?")) {
      assertThat(PolicyStatements.covered(List.of(pattern), OBJECTS, false)).as(pattern).isFalse();
    }
  }

  @Test
  void actionsAreMatchedRegardlessOfCaseAndArnsExactly() {
    assertThat(PolicyStatements.covered(List.of("S3:Put*"), "s3:PutBucketPolicy", true)).isTrue();
    assertThat(PolicyStatements.covered(List.of("arn:aws:s3:::SITE"), "arn:aws:s3:::site", false)).isFalse();
    assertThat(PolicyStatements.covered(List.of("arn:aws:s3:::site"), "arn:aws:s3:::site", false)).isTrue();
  }

  @Test
  void everyoneIsAStarPrincipalOrAStarAwsPrincipal() throws Exception {
    assertThat(PolicyStatements.anyPrincipal(JSON.readTree("{\"Principal\":\"*\"}"))).isTrue();
    assertThat(PolicyStatements.anyPrincipal(JSON.readTree("{\"Principal\":{\"AWS\":[\"*\"]}}"))).isTrue();
    assertThat(PolicyStatements.anyPrincipal(JSON.readTree("{\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"}}")))
        .isFalse();
    assertThat(PolicyStatements.anyPrincipal(JSON.readTree("{\"Principal\":{\"Service\":\"s3.amazonaws.com\"}}")))
        .isFalse();
  }

  @Test
  void aStarStatementPinnedToASourceAccountSourceArnOrOrganizationIsNotOpenToEveryone() throws Exception {
    for (String condition : List.of(
        "{\"StringEquals\":{\"AWS:SourceAccount\":\"111122223333\"}}",
        "{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::uploads\"}}",
        "{\"ArnEquals\":{\"aws:sourcearn\":[\"arn:aws:sns:us-east-1:111122223333:a\"]}}",
        "{\"StringEqualsIgnoreCase\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}",
        "{\"StringLike\":{\"AWS:SourceOwner\":\"111122223333\"}}")) {
      assertThat(openToEveryoneUnder(condition)).as(condition).isFalse();
    }
  }

  @Test
  void aNegatedIfExistsNullOrSetOperatorOnASourceKeyConfinesNobody() throws Exception {
    for (String operator : List.of("StringNotEquals", "StringNotLike", "StringNotEqualsIgnoreCase", "ArnNotEquals",
        "ArnNotLike", "StringEqualsIfExists", "ArnLikeIfExists", "StringNotEqualsIfExists", "Null",
        "ForAllValues:StringEquals", "ForAnyValue:StringEquals")) {
      String condition = "{\"" + operator + "\":{\"AWS:SourceAccount\":\"111122223333\"}}";
      assertThat(openToEveryoneUnder(condition)).as(condition).isTrue();
    }
  }

  @Test
  void aSourceKeyPinnedToAWildcardOrAPolicyVariableConfinesNobody() throws Exception {
    for (String condition : List.of(
        "{\"StringLike\":{\"AWS:SourceArn\":\"*\"}}",
        "{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::*\"}}",
        "{\"StringLike\":{\"AWS:SourceAccount\":[\"111122223333\",\"*\"]}}",
        "{\"StringLike\":{\"AWS:SourceAccount\":\"11112222333?\"}}",
        "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"${aws:PrincipalOrgID}\"}}",
        "{\"StringEquals\":{\"AWS:SourceAccount\":[]}}")) {
      assertThat(openToEveryoneUnder(condition)).as(condition).isTrue();
    }
  }

  @Test
  void aPublicFunctionUrlsAuthTypeConfinesNobody() throws Exception {
    assertThat(openToEveryoneUnder("{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}")).isTrue();
  }

  @Test
  void aSourceKeyPinnedBesideAConditionConfiningNobodyStillConfinesTheStatement() throws Exception {
    assertThat(openToEveryoneUnder("{\"StringNotEquals\":{\"AWS:SourceArn\":\"arn:aws:s3:::other\"},"
        + "\"StringEquals\":{\"AWS:SourceAccount\":\"111122223333\"}}")).isFalse();
  }

  @Test
  void aDenyOrANamedPrincipalIsNeverOpenToEveryone() throws Exception {
    assertThat(PolicyStatements.openToEveryone(JSON.readTree("{\"Effect\":\"Deny\",\"Principal\":\"*\"}")))
        .isFalse();
    assertThat(PolicyStatements.openToEveryone(JSON.readTree(
        "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"}}"))).isFalse();
  }
}
