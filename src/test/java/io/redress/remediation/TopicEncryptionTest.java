package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicEncryptionTest {

  private static final String ANYONE = "anyone (\"Principal\": \"*\")";

  private static final String OWN_ACCOUNT = "123456789012";

  private static Set<String> publishers(String policy) {
    return TopicEncryption.publishers(policy, OWN_ACCOUNT);
  }

  private static String policy(String statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}";
  }

  @Test
  void aServiceAllowedToPublishIsSeenWhateverTheActionIsSpelled() {
    assertThat(publishers(policy("""
        [{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"},
         {"Effect":"Allow","Principal":{"Service":["s3.amazonaws.com"]},"Action":["SNS:*"],"Resource":"*"},
         {"Effect":"Allow","Principal":{"Service":"budgets.amazonaws.com"},"Action":"*","Resource":"*"}]""")))
        .containsExactly("budgets.amazonaws.com", "events.amazonaws.com", "s3.amazonaws.com");
  }

  @Test
  void aSingleStatementNotInAListIsRead() {
    assertThat(publishers(policy("""
        {"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"}""")))
        .containsExactly("events.amazonaws.com");
  }

  @Test
  void aNotActionLeavingPublishAllowedCountsAndOneExcludingItDoesNot() {
    assertThat(publishers(policy("""
        [{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"NotAction":"sns:Subscribe","Resource":"*"},
         {"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"NotAction":"sns:Pub*","Resource":"*"}]""")))
        .containsExactly("events.amazonaws.com");
  }

  @Test
  void aDenyAnAccountPrincipalOrAnotherActionIsNoPublishingService() {
    assertThat(publishers(policy("""
        [{"Effect":"Deny","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"},
         {"Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:Publish","SNS:Subscribe"],"Resource":"*",
          "Condition":{"StringEquals":{"AWS:SourceOwner":"123456789012"}}},
         {"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Subscribe","Resource":"*"}]""")))
        .isEmpty();
  }

  @Test
  void aStarStatementNoConditionConfinesLetsAnyonePublish() {
    assertThat(publishers(policy("""
        [{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"}]"""))).containsExactly(ANYONE);
    assertThat(publishers(policy("""
        [{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sns:Publish","Resource":"*",
          "Condition":{"StringNotEquals":{"AWS:SourceOwner":"444455556666"}}}]"""))).containsExactly(ANYONE);
    assertThat(publishers(policy("""
        [{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sns:Publish","Resource":"*",
          "Condition":{"StringEqualsIfExists":{"AWS:SourceOwner":"111122223333"}}}]"""))).containsExactly(ANYONE);
  }

  @Test
  void aStarStatementPinnedToASourceLetsAServicePublishForIt() {
    assertThat(publishers(policy("""
        [{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish","Resource":"*",
          "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::uploads"}}},
         {"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*",
          "Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]""")))
        .containsExactly("an AWS service acting for account 111122223333",
            "an AWS service acting for arn:aws:s3:::uploads");
  }

  @Test
  void aTopicWithoutAPolicyHasNoPublishingService() {
    assertThat(publishers(null)).isEmpty();
    assertThat(publishers("")).isEmpty();
  }

  @Test
  void anotherAccountNamedAsPrincipalPublishesAndTheTopicsOwnDoesNot() {
    assertThat(publishers(policy("""
        [{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222233334444:root","444455556666",
          "arn:aws:iam::123456789012:role/publisher","arn:aws-us-gov:iam::555566667777:role/app",
          "arn:aws:sts::666677778888:assumed-role/app/session"]},
          "Action":"sns:Publish","Resource":"*"}]""")))
        .containsExactly("account 222233334444 (arn:aws:iam::222233334444:root)", "account 444455556666 (444455556666)",
            "account 555566667777 (arn:aws-us-gov:iam::555566667777:role/app)",
            "account 666677778888 (arn:aws:sts::666677778888:assumed-role/app/session)");
  }

  @Test
  void aStarStatementPinnedToAnOrganizationLetsItsAccountsPublish() {
    assertThat(publishers(policy("""
        [{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*",
          "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]""")))
        .containsExactly("the accounts of organization o-a1b2c3d4e5");
  }
}
