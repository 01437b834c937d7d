package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyStatementsTest {

  private static final String OBJECTS = "arn:aws:s3:::site/*";

  @Test
  void aStarAfterTheBucketOrAnyBeginningOfItsArnCoversEveryObject() {
    for (String pattern : List.of("*", "arn:aws:s3:::*", "arn:aws:s3:::site*", "arn:aws:s3:::site/*", "*/*")) {
      assertThat(PolicyStatements.covered(List.of(pattern), OBJECTS, false)).as(pattern).isTrue();
    }
  }

  @Test
  void aPrefixOfObjectsAnotherBucketOrTheBucketAloneDoesNotCoverEveryObject() {
    for (String pattern : List.of("arn:aws:s3:::site/private/*", "arn:aws:s3:::sites*", "arn:aws:s3:::site",
        "arn:aws:s3:::site/*.txt")) {
      assertThat(PolicyStatements.covered(List.of(pattern), OBJECTS, false)).as(pattern).isFalse();
    }
  }

  @Test
  void actionsAreMatchedRegardlessOfCaseAndArnsExactly() {
    assertThat(PolicyStatements.covered(List.of("S3:Put*"), "s3:PutBucketPolicy", true)).isTrue();
    assertThat(PolicyStatements.covered(List.of("arn:aws:s3:::SITE"), "arn:aws:s3:::site", false)).isFalse();
  }

  @Test
  void everyoneIsAStarPrincipalOrAStarAwsPrincipal() throws Exception {
    ObjectMapper json = new ObjectMapper();

    assertThat(PolicyStatements.anyPrincipal(json.readTree("{\"Principal\":\"*\"}"))).isTrue();
    assertThat(PolicyStatements.anyPrincipal(json.readTree("{\"Principal\":{\"AWS\":[\"*\"]}}"))).isTrue();
    assertThat(PolicyStatements.anyPrincipal(json.readTree("{\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"}}")))
        .isFalse();
    assertThat(PolicyStatements.anyPrincipal(json.readTree("{\"Principal\":{\"Service\":\"s3.amazonaws.com\"}}")))
        .isFalse();
  }
}
