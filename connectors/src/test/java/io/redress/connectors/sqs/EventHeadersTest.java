package io.redress.connectors.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHeadersTest {

  @Test
  void theFourRoutingFieldsOfAnEventBridgeEventAreRead() {
    String event = """
        {"version": "0", "id": "1", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
         "account": "111122223333", "time": "2026-11-01T09:00:00Z", "region": "eu-west-1", "resources": [],
         "detail": {"source": "nested", "account": "999999999999"}, "unknown": {"a": [1, 2, {"b": null}]}}""";

    assertThat(EventHeaders.of(event)).containsExactly(Map.entry("source", "aws.guardduty"),
        Map.entry("detail-type", "GuardDuty Finding"), Map.entry("account", "111122223333"),
        Map.entry("region", "eu-west-1"));
  }

  @Test
  void aFieldMissingFromTheEventIsAbsent() {
    assertThat(EventHeaders.of("{\"source\": \"aws.config\", \"detail\": {}}"))
        .containsExactly(Map.entry("source", "aws.config"));
  }

  @Test
  void aFieldThatIsNotAStringIsLeftOutNotConverted() {
    String event = "{\"source\": \"aws.securityhub\", \"account\": 111122223333, \"region\": [\"us-east-1\"],"
        + " \"detail-type\": null}";

    assertThat(EventHeaders.of(event)).containsExactly(Map.entry("source", "aws.securityhub"));
  }

  @Test
  void aValueUpToTheLengthLimitIsKeptAndALongerOneLeftOut() {
    String atLimit = "a".repeat(EventHeaders.MAX_VALUE_LENGTH);
    String beyond = "b".repeat(EventHeaders.MAX_VALUE_LENGTH + 1);

    assertThat(EventHeaders.of("{\"source\": \"" + atLimit + "\", \"region\": \"" + beyond + "\"}"))
        .containsExactly(Map.entry("source", atLimit));
  }

  @Test
  void aValueWithControlCharactersIsLeftOut() {
    assertThat(EventHeaders.of("{\"source\": \"aws.securityhub\\nforged: yes\", \"region\": \"us-east-1\"}"))
        .containsExactly(Map.entry("region", "us-east-1"));
  }

  @Test
  void aValueWithALoneSurrogateIsLeftOutRatherThanWrittenWithAQuestionMarkInItsPlace() {
    assertThat(EventHeaders.of("{\"source\": \"aws.security\\ud800hub\", \"detail-type\": \"Finding \\udc00\","
        + " \"region\": \"us-east-1\"}"))
        .containsExactly(Map.entry("region", "us-east-1"));
  }

  @Test
  void aValueWithAPairedSurrogateIsKept() {
    assertThat(EventHeaders.of("{\"detail-type\": \"Findings \\ud83d\\udd12\"}"))
        .containsExactly(Map.entry("detail-type", "Findings \ud83d\udd12"));
  }

  @Test
  void aValueWithFormatCharactersOrLineSeparatorsIsLeftOut() {
    assertThat(EventHeaders.of("{\"source\": \"aws.\u202Ebuhytiruces\", \"detail-type\": \"a\\u2028b\","
        + " \"account\": \"1111\u200B22223333\", \"region\": \"us-east-1\"}"))
        .containsExactly(Map.entry("region", "us-east-1"));
    assertThat(EventHeaders.of("{\"source\": \"aws.securityhub\", \"region\": \"eu-west-1\\u2029\"}"))
        .containsExactly(Map.entry("source", "aws.securityhub"));
  }

  @Test
  void aBodyThatIsNotWellFormedJsonHasNoHeadersEvenIfItsFirstFieldsRead() {
    assertThat(EventHeaders.of("{\"source\": \"aws.securityhub\", \"detail\": {\"findings\": [{\"Id\"")).isEmpty();
    assertThat(EventHeaders.of("not json at all")).isEmpty();
    assertThat(EventHeaders.of("")).isEmpty();
  }

  @Test
  void aBodyThatIsNotOneJsonObjectHasNoHeaders() {
    assertThat(EventHeaders.of("[{\"source\": \"aws.securityhub\"}]")).isEmpty();
    assertThat(EventHeaders.of("\"aws.securityhub\"")).isEmpty();
    assertThat(EventHeaders.of("{\"source\": \"a\"} {\"source\": \"b\"}")).isEmpty();
  }

  @Test
  void aFieldGivenTwiceAnywhereMeansNoHeaders() {
    assertThat(EventHeaders.of("{\"source\": \"aws.securityhub\", \"source\": \"aws.config\"}")).isEmpty();
    assertThat(EventHeaders.of("{\"source\": \"aws.securityhub\", \"detail\": {\"a\": 1, \"a\": 2}}")).isEmpty();
  }

  @Test
  void nestingBeyondAnyEventMeansNoHeadersRatherThanADeepRecursion() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    assertThat(EventHeaders.of("{\"source\": \"aws.securityhub\", \"detail\": " + deep + "}")).isEmpty();
  }
}
