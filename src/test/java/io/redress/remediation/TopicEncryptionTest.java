package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicEncryptionTest {

  private static final String ANYONE = "anyone (\"Principal\": \"*\")";

  private static String policy(String statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}";
  }

  @Test
  void aServiceAllowedToPublishIsSeenWhateverTheActionIsSpelled() {
    assertThat(TopicEncryption.publishers(policy("""
        [{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"},
         {"Effect":"Allow","Principal":{"Service":["s3.amazonaws.com"]},"Action":["SNS:*"],"Resource":"*"},
         {"Effect":"Allow","Principal":{"Service":"budgets.amazonaws.com"},"Action":"*","Resource":"*"}]""")))
        .containsExactly("budgets.amazonaws.com", "events.amazonaws.com", "s3.amazonaws.com");
  }

  @Test
  void aSingleStatementNotInAListIsRead() {
    assertThat(TopicEncryption.publishers(policy("""
        {"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"}""")))
        .containsExactly("events.amazonaws.com");
  }

  @Test
  void aNotActionLeavingPublishAllowedCountsAndOneExcludingItDoesNot() {
    assertThat(TopicEncryption.publishers(policy("""
        [{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"NotAction":"sns:Subscribe","Resource":"*"},
         {"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"NotAction":"sns:Pub*","Resource":"*"}]""")))
        .containsExactly("events.amazonaws.com");
  }

  @Test
  void aDenyAnAccountPrincipalOrAnotherActionIsNoPublishingService() {
    assertThat(TopicEncryption.publishers(policy("""
        [{"Effect":"Deny","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"},
         {"Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:Publish","SNS:Subscribe"],"Resource":"*",
          "Condition":{"StringEquals":{"AWS:SourceOwner":"123456789012"}}},
         {"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Subscribe","Resource":"*"}]""")))
        .isEmpty();
  }

  @Test
  void aStarStatementNoConditionConfinesLetsAnyonePublish() {
    assertThat(TopicEncryption.publishers(policy("""
        [{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"}]"""))).containsExactly(ANYONE);
    assertThat(TopicEncryption.publishers(policy("""
        [{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sns:Publish","Resource":"*",
          "Condition":{"StringNotEquals":{"AWS:SourceOwner":"444455556666"}}}]"""))).containsExactly(ANYONE);
    assertThat(TopicEncryption.publishers(policy("""
        [{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sns:Publish","Resource":"*",
          "Condition":{"StringEqualsIfExists":{"AWS:SourceOwner":"111122223333"}}}]"""))).containsExactly(ANYONE);
  }

  @Test
  void aStarStatementPinnedToASourceLetsAServicePublishForIt() {
    assertThat(TopicEncryption.publishers(policy("""
        [{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish","Resource":"*",
          "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::uploads"}}},
         {"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*",
          "Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]""")))
        .containsExactly("an AWS service acting for account 111122223333",
            "an AWS service acting for arn:aws:s3:::uploads");
  }

  @Test
  void aTopicWithoutAPolicyHasNoPublishingService() {
    assertThat(TopicEncryption.publishers(null)).isEmpty();
    assertThat(TopicEncryption.publishers("")).isEmpty();
  }
}
