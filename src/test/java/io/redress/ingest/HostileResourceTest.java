package io.redress.ingest;

import static io.redress.ingest.Fixtures.RECEIVED_AT;
import static io.redress.ingest.Fixtures.SINGLE_FINDING_ID;
import static io.redress.ingest.Fixtures.firstResource;
import static io.redress.ingest.Fixtures.rejected;
import static io.redress.ingest.Fixtures.rejectionOf;
import static io.redress.ingest.Fixtures.singleFinding;
import static io.redress.ingest.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A finding whose resource is not what its type says never becomes a command: the whole record is rejected. */
class HostileResourceTest {

  private static final String PREFIX = "finding 1 of 1 (id " + SINGLE_FINDING_ID + ") has ";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "../../etc/passwd          | /",
      "<script>alert(1)</script> | <",
      "${7*7}                    | $"})
  void a_hostile_id_on_an_s3_bucket_is_rejected_naming_field_value_and_rule(String id, String character) {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Id", id);

    assertThat(rejectionOf(asff)).isEqualTo(PREFIX + "Resources[0].Id '" + id + "', not a valid S3 bucket name: it"
        + " holds '" + character + "', but only lowercase letters, digits, dots and hyphens are allowed");
  }

  @Test
  void a_security_group_arn_in_another_account_than_the_finding_is_rejected() {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Type", "AwsEc2SecurityGroup")
        .put("Id", "arn:aws:ec2:us-east-1:444455556666:security-group/sg-0123456789abcdef0");

    assertThat(rejectionOf(asff)).isEqualTo(PREFIX + "Resources[0].Id "
        + "'arn:aws:ec2:us-east-1:444455556666:security-group/sg-0123456789abcdef0', an ARN naming another account "
        + "than the finding's account 111122223333; acting on it would reach across accounts");
  }

  @Test
  void a_region_that_could_redirect_an_endpoint_is_rejected_naming_the_field_it_came_from() {
    ObjectNode ownRegion = singleFinding();
    firstResource(ownRegion).put("Region", "evil.example/");
    ObjectNode findingRegion = singleFinding().put("Region", "evil.example/");
    firstResource(findingRegion).remove("Region");

    assertThat(rejectionOf(ownRegion)).isEqualTo(PREFIX
        + "Resources[0].Region 'evil.example/', not a region code such as us-east-1 or us-gov-west-1");
    assertThat(rejectionOf(findingRegion)).startsWith(PREFIX + "Region 'evil.example/', not a region code");
  }

  @Test
  void an_unknown_partition_is_rejected() {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Partition", "aws-evil");

    assertThat(rejectionOf(asff)).startsWith(PREFIX + "Resources[0].Partition 'aws-evil', not an AWS partition");
  }

  @Test
  void a_bare_bucket_in_another_partition_than_its_region_is_rejected_as_no_exception_on_its_arn_would_cover_it() {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Partition", "aws-cn").put("Id", "acme-public-website");

    assertThat(rejectionOf(asff)).startsWith(PREFIX
        + "Resources[0].Partition 'aws-cn', not the partition of region us-east-1, which is aws");
  }

  @Test
  void a_resource_id_of_a_megabyte_is_rejected_with_a_short_reason() {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Id", "a".repeat(1_000_000));

    String reason = rejectionOf(asff);

    assertThat(reason).startsWith(PREFIX + "Resources[0].Id 'aaa")
        .endsWith("…' (1000000 characters), longer than 2048 characters")
        .hasSizeLessThan(600);
  }

  @Test
  void a_terminal_escape_sequence_in_a_rejected_id_is_escaped_in_the_reason() {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Type", "AwsIamRole").put("Id", "role\u001b]0;pwned\u0007");

    String reason = rejectionOf(asff);

    assertThat(reason).doesNotContain("\u001b", "\u0007")
        .isEqualTo(PREFIX + "Resources[0].Id 'role\\u001b]0;pwned\\u0007', it holds the control character U+001B");
  }

  @Test
  void a_resource_id_holding_half_a_surrogate_pair_is_rejected_as_its_key_would_read_as_a_question_mark() {
    ObjectNode asff = singleFinding();
    firstResource(asff).put("Type", "AwsEc2Subnet").put("Id", "subnet-1HALF");
    // As a producer sends it: ASCII JSON whose escape decodes to a lone high surrogate.
    byte[] record = write(asff).replace("HALF", "\\ud800").getBytes(StandardCharsets.US_ASCII);

    assertThat(rejected(FindingNormalizer.withBundledMappings().normalize(record, RECEIVED_AT))).isEqualTo(PREFIX
        + "Resources[0].Id 'subnet-1\\ud800', it holds the unpaired surrogate U+D800, which is not text (written out,"
        + " it would read '?')");
  }

  @Test
  void a_tag_value_of_a_megabyte_is_rejected_naming_its_key() {
    ObjectNode asff = singleFinding();
    ((ObjectNode) firstResource(asff).get("Tags")).put("team", "x".repeat(1_000_000));

    assertThat(rejectionOf(asff)).isEqualTo(PREFIX
        + "Resources[0].Tags key 'team', whose value has 1000000 characters; tag values have at most 256");
  }

  @Test
  void a_tag_key_longer_than_128_characters_is_rejected() {
    ObjectNode asff = singleFinding();
    ((ObjectNode) firstResource(asff).get("Tags")).put("k".repeat(129), "v");

    assertThat(rejectionOf(asff)).isEqualTo(PREFIX + "Resources[0].Tags key '" + "k".repeat(129)
        + "', a key of 129 characters; tag keys have 1 to 128");
  }

  @Test
  void a_tag_key_of_a_megabyte_is_refused_by_the_parser_before_it_is_read() {
    ObjectNode asff = singleFinding();
    ((ObjectNode) firstResource(asff).get("Tags")).put("k".repeat(1_000_000), "v");

    assertThat(rejectionOf(asff)).startsWith("not JSON: Name length (1000000) exceeds the maximum allowed");
  }

  @Test
  void more_than_64_tags_are_rejected() {
    ObjectNode asff = singleFinding();
    ObjectNode tags = firstResource(asff).putObject("Tags");
    for (int i = 0; i < 65; i++) {
      tags.put("tag-" + i, "v");
    }

    assertThat(rejectionOf(asff))
        .isEqualTo(PREFIX + "Resources[0].Tags, 65 tags, more than the 64 a resource may have");
  }
}
