package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.RedressConfig.KafkaSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kafka.topic-prefix}: one prefix on every name, so environments share a cluster apart. */
class TopicsTest {

  private static KafkaSettings kafka(String yaml, Map<String, String> environment) {
    return ConfigLoader.fromYaml(yaml, environment).kafka();
  }

  @Test
  void withoutAPrefixTheNamesAreRedressOwn() {
    Topics topics = ConfigLoader.defaults(Map.of()).kafka().topics();

    assertThat(topics).isEqualTo(Topics.UNPREFIXED);
    assertThat(topics.findingsRaw()).isEqualTo("redress.findings.raw");
    assertThat(topics.deadLetters()).isEqualTo("redress.dlq");
    assertThat(ConfigLoader.defaults(Map.of()).kafka().applicationId()).isEqualTo("redress");
  }

  @Test
  void everyTopicCarriesThePrefixAndTheListsHoldTheSameNames() {
    Topics topics = kafka("kafka: {topic-prefix: prod.}", Map.of()).topics();

    assertThat(topics.all()).hasSize(18).doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(name).startsWith("prod.redress."));
    assertThat(topics.all()).containsAll(topics.compacted()).containsAll(topics.brokerStamped())
        .containsAll(topics.auditTrail());
    assertThat(topics.findings()).isEqualTo("prod.redress.findings");
    assertThat(topics.brokerStamped()).containsExactly(
        "prod.redress.findings.raw", "prod.redress.findings", "prod.redress.lessons.addressed",
        "prod.redress.exceptions");
  }

  @Test
  void thePrefixAlsoStartsTheDefaultApplicationIdSoGroupsAndInternalTopicsCarryIt() {
    assertThat(kafka("kafka: {topic-prefix: staging-}", Map.of()).applicationId()).isEqualTo("staging-redress");
    assertThat(kafka("kafka: {topic-prefix: staging-, application-id: remediator}", Map.of()).applicationId())
        .isEqualTo("remediator");
  }

  @Test
  void thePrefixComesFromTheEnvironmentLikeEveryKey() {
    KafkaSettings kafka = kafka("{}", Map.of("REDRESS_KAFKA_TOPIC_PREFIX", "team-a."));

    assertThat(kafka.topics().decisions()).isEqualTo("team-a.redress.decisions");
  }

  @Test
  void aPrefixKafkaCouldNotNameATopicWithIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> kafka("kafka: {topic-prefix: 'prod/'}", Map.of()))
        .hasMessage("kafka.topic-prefix: may hold only letters, digits, '.', '_' and '-' (Kafka's topic name"
            + " characters), got 'prod/'");
    assertThatThrownBy(() -> new Topics("a b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLongestPrefixKeepsTheLongestNameWithinKafkasLimit() {
    String longest = "p".repeat(249 - "redress.remediations.resolved".length());
    Topics topics = new Topics(longest);

    assertThat(topics.all().stream().mapToInt(String::length).max()).hasValue(249);
    assertThatThrownBy(() -> new Topics(longest + "p"))
        .hasMessageStartingWith("must be at most " + longest.length() + " characters");
  }
}
