package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicEncryptionTest {

  private static String policy(String statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}";
  }

  @Test
  void aServiceAllowedToPublishIsSeenWhateverTheActionIsSpelled() {
    assertThat(TopicEncryption.publishingServices(policy("""
        [{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"},
         {"Effect":"Allow","Principal":{"Service":["s3.amazonaws.com"]},"Action":["SNS:*"],"Resource":"*"},
         {"Effect":"Allow","Principal":{"Service":"budgets.amazonaws.com"},"Action":"*","Resource":"*"}]""")))
        .containsExactly("budgets.amazonaws.com", "events.amazonaws.com", "s3.amazonaws.com");
  }

  @Test
  void aSingleStatementNotInAListIsRead() {
    assertThat(TopicEncryption.publishingServices(policy("""
        {"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"}""")))
        .containsExactly("events.amazonaws.com");
  }

  @Test
  void aNotActionLeavingPublishAllowedCountsAndOneExcludingItDoesNot() {
    assertThat(TopicEncryption.publishingServices(policy("""
        [{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"NotAction":"sns:Subscribe","Resource":"*"},
         {"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"NotAction":"sns:Pub*","Resource":"*"}]""")))
        .containsExactly("events.amazonaws.com");
  }

  @Test
  void aDenyAnAccountPrincipalOrAnotherActionIsNoPublishingService() {
    assertThat(TopicEncryption.publishingServices(policy("""
        [{"Effect":"Deny","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*"},
         {"Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:Publish","SNS:Subscribe"],"Resource":"*",
          "Condition":{"StringEquals":{"AWS:SourceOwner":"123456789012"}}},
         {"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Subscribe","Resource":"*"}]""")))
        .isEmpty();
  }

  @Test
  void aTopicWithoutAPolicyHasNoPublishingService() {
    assertThat(TopicEncryption.publishingServices(null)).isEmpty();
    assertThat(TopicEncryption.publishingServices("")).isEmpty();
  }
}
