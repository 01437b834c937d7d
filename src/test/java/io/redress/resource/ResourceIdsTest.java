package io.redress.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Resource;
import io.redress.resource.ResourceProblem.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceIdsTest {

  private static final String ACCOUNT = "111122223333";

  static Stream<Arguments> realWorldIds() {
    return Stream.of(
        Arguments.of("AwsS3Bucket", "arn:aws:s3:::acme-payments-exports", "aws", "us-east-1"),
        Arguments.of("AwsS3Bucket", "arn:aws:s3:::www.acme.example.com", "aws", "us-east-1"),
        Arguments.of("AwsS3Bucket", "logs.acme-corp.2025", "aws", "eu-west-1"),
        Arguments.of("AwsS3Bucket", "abc", "aws", "us-east-1"),
        Arguments.of("AwsS3Bucket", "a".repeat(63), "aws", "us-east-1"),
        Arguments.of("AwsS3Bucket", "arn:aws-us-gov:s3:::my-bucket", "aws-us-gov", "us-gov-west-1"),
        Arguments.of("AwsS3Bucket", "arn:aws-cn:s3:::my-bucket", "aws-cn", "cn-north-1"),
        Arguments.of("AwsS3Bucket", "arn:aws-iso-e:s3:::my-bucket", "aws-iso-e", "eu-isoe-west-1"),
        Arguments.of("AwsEc2SecurityGroup", "sg-0123456789abcdef0", "aws", "us-east-1"),
        Arguments.of("AwsEc2SecurityGroup", "sg-12345678", "aws", "us-east-1"),
        Arguments.of("AwsEc2SecurityGroup",
            "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0123456789abcdef0", "aws", "us-east-1"),
        Arguments.of("AwsIamRole", "arn:aws:iam::111122223333:role/service-role/ci/deployer", "aws", "us-east-1"),
        Arguments.of("AwsIamUser", "arn:aws:iam::111122223333:user/division_abc/jdoe@acme.example", "aws", "us-east-1"),
        Arguments.of("AwsAccount", "AWS::::Account:111122223333", "aws", "us-east-1"),
        Arguments.of("AwsLambdaFunction", "arn:aws:lambda:us-east-1:111122223333:function:resize-images:$LATEST",
            "aws", "us-east-1"),
        Arguments.of("AwsCloudTrailTrail", "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit-trail",
            "aws", "us-east-1"),
        Arguments.of("AwsCloudFrontDistribution", "arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL",
            "aws", "us-east-1"),
        Arguments.of("AwsEc2Instance", "i-0123456789abcdef0", "aws", "ap-southeast-2"),
        Arguments.of("Other", "i-".repeat(ResourceIds.MAX_ID_LENGTH / 2), "aws-eusc", "eusc-de-east-1"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("realWorldIds")
  void real_world_resource_ids_are_accepted(String type, String id, String partition, String region) {
    assertThat(ResourceIds.problem(resource(type, id, partition, region))).isEmpty();
  }

  static Stream<Arguments> badBucketNames() {
    return Stream.of(
        Arguments.of("../../etc/passwd", "it holds '/', but only lowercase letters, digits, dots and hyphens"),
        Arguments.of("<script>alert(1)</script>", "it holds '<'"),
        Arguments.of("${7*7}", "it holds '$'"),
        Arguments.of("ab", "it has 2 characters, not 3 to 63"),
        Arguments.of("acme exports", "it holds U+0020"),
        Arguments.of("acme..exports", "it holds two adjacent dots"),
        Arguments.of("192.168.5.4", "it is formatted as an IP address"),
        Arguments.of("xn--acme", "it starts with the reserved prefix xn--"),
        Arguments.of("sthree-acme", "it starts with the reserved prefix sthree-"),
        Arguments.of("amzn-s3-demo-bucket", "it starts with the reserved prefix amzn-s3-demo-"),
        Arguments.of("acme-s3alias", "it ends with the reserved suffix -s3alias"),
        Arguments.of("acme--ol-s3", "it ends with the reserved suffix --ol-s3"),
        Arguments.of("acme.mrap", "it ends with the reserved suffix .mrap"),
        Arguments.of("acme--x-s3", "it ends with the reserved suffix --x-s3"),
        Arguments.of("acme--table-s3", "it ends with the reserved suffix --table-s3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBucketNames")
  void a_bucket_name_breaking_s3_naming_rules_is_rejected_naming_the_rule(String name, String rule) {
    assertThat(idRule("AwsS3Bucket", name)).startsWith("not a valid S3 bucket name: " + rule);
  }

  static Stream<Arguments> namesOnlyLegacyBucketsMayHave() {
    return Stream.of(
        Arguments.of("Acme-Exports", "it holds 'A'"),
        Arguments.of("acme_exports", "it holds '_'"),
        Arguments.of("a".repeat(64), "it has 64 characters, not 3 to 63"),
        Arguments.of("-acme-exports", "it must begin and end with a lowercase letter or a digit"),
        Arguments.of("acme-exports.", "it must begin and end with a lowercase letter or a digit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namesOnlyLegacyBucketsMayHave")
  void a_legacy_bucket_name_is_accepted_in_us_east_1_where_such_buckets_were_made(String name, String rule) {
    assertThat(ResourceIds.problem(resource("AwsS3Bucket", name, "aws", "us-east-1"))).isEmpty();
    assertThat(ResourceIds.problem(resource("AwsS3Bucket", "arn:aws:s3:::" + name, "aws", "us-east-1"))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namesOnlyLegacyBucketsMayHave")
  void a_legacy_bucket_name_is_rejected_in_any_other_region(String name, String rule) {
    assertThat(ResourceIds.problem(resource("AwsS3Bucket", name, "aws", "eu-west-1")).orElseThrow().rule())
        .startsWith("not a valid S3 bucket name: " + rule);
  }

  @Test
  void even_a_legacy_name_cannot_hold_a_path_markup_or_a_reserved_suffix() {
    assertThat(idRule("AwsS3Bucket", "Acme/../Exports")).startsWith("not a valid S3 bucket name");
    assertThat(idRule("AwsS3Bucket", "Acme<Exports")).startsWith("not a valid S3 bucket name");
    assertThat(idRule("AwsS3Bucket", "Acme_Exports-s3alias")).startsWith("not a valid S3 bucket name");
    assertThat(idRule("AwsS3Bucket", "A".repeat(256))).contains("it has 256 characters");
  }

  static Stream<Arguments> typedIds() {
    return Stream.of(
        Arguments.of("AwsIamPolicy", "arn:aws:iam::aws:policy/AdministratorAccess", "us-east-1"),
        Arguments.of("AwsIamPolicy", "arn:aws:iam::111122223333:policy/team/deploy", "us-east-1"),
        Arguments.of("AwsS3Object", "arn:aws:s3:::acme-exports/2024/q1 report (final).csv", "us-east-1"),
        Arguments.of("AwsS3Object", "arn:aws:s3:::acme-exports/a/../b", "us-east-1"),
        Arguments.of("AwsCloudTrailTrail", "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail", "eu-west-1"),
        Arguments.of("AwsIamUser", "arn:aws:iam::111122223333:user/jdoe", "eu-west-1"),
        Arguments.of("AwsEc2Instance", "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0", "us-east-1"),
        Arguments.of("AwsKmsKey", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "us-east-1"),
        Arguments.of("AwsKmsKey", "mrk-1234abcd12ab34cd56ef1234567890ab", "us-east-1"),
        Arguments.of("AwsRdsDbInstance", "arn:aws:rds:us-east-1:111122223333:db:orders", "us-east-1"),
        Arguments.of("AwsRdsDbSnapshot", "arn:aws:rds:us-east-1:111122223333:snapshot:rds:orders-2024-01-01",
            "us-east-1"),
        Arguments.of("AwsSnsTopic", "arn:aws:sns:us-east-1:111122223333:alerts.fifo", "us-east-1"),
        Arguments.of("AwsSqsQueue", "arn:aws:sqs:us-east-1:111122223333:jobs", "us-east-1"),
        Arguments.of("AwsAccount", "AWS::::Account:111122223333", "us-east-1"),
        Arguments.of("AwsAccount", "111122223333", "us-east-1"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("typedIds")
  void an_id_with_its_types_shape_is_accepted(String type, String id, String region) {
    assertThat(ResourceIds.problem(resource(type, id, "aws", region))).isEmpty();
  }

  static Stream<Arguments> mistypedIds() {
    return Stream.of(
        Arguments.of("AwsIamUser", "arn:aws:iam::aws:user/root", "an ARN naming another account"),
        Arguments.of("AwsIamUser", "jdoe", "not an ARN, but an AwsIamUser is named by its arn:<partition>:iam ARN"),
        Arguments.of("AwsIamUser", "arn:aws:iam::111122223333:role/admin", "not an AwsIamUser ARN"),
        Arguments.of("AwsEc2Instance", "i-xyz", "not an AwsEc2Instance id"),
        Arguments.of("AwsEc2Instance", "arn:aws:ec2:us-east-1:111122223333:volume/vol-12345678", "not an AwsEc2Instance ARN"),
        Arguments.of("AwsKmsKey", "alias/aws/s3", "not an AwsKmsKey id"),
        Arguments.of("AwsRdsDbInstance", "arn:aws:rds:us-east-1:111122223333:snapshot:orders", "not an AwsRdsDbInstance ARN"),
        Arguments.of("AwsSqsQueue", "https://sqs.us-east-1.amazonaws.com/111122223333/jobs", "not an ARN"),
        Arguments.of("AwsLambdaFunction", "arn:aws:lambda:us-east-1:111122223333:layer:shared", "not an AwsLambdaFunction ARN"),
        Arguments.of("AwsCloudTrailTrail", "arn:aws:cloudtrail:evil.example:111122223333:trail/t", "an ARN whose region"),
        // A trail's home region may differ from the finding's, never its partition.
        Arguments.of("AwsCloudTrailTrail", "arn:aws:cloudtrail:cn-north-1:111122223333:trail/t", "an ARN whose region"),
        // The same resource as AWS's ARN for it in another spelling: an exception on that ARN would not match it.
        Arguments.of("AwsEc2Instance", "arn:aws:ec2:us-east-1::instance/i-0123456789abcdef0",
            "an AwsEc2Instance ARN without its account: expected arn:<partition>:ec2:<region>:<account>:instance/"),
        Arguments.of("AwsEc2Instance", "arn:aws:ec2::111122223333:instance/i-0123456789abcdef0",
            "an AwsEc2Instance ARN without its region"),
        Arguments.of("AwsRdsDbInstance", "arn:aws:rds:us-east-1::db:payments", "an AwsRdsDbInstance ARN without its account"),
        Arguments.of("AwsLambdaFunction", "arn:aws:lambda:::function:payments",
            "an AwsLambdaFunction ARN without its account"),
        Arguments.of("AwsSqsQueue", "arn:aws:sqs::111122223333:jobs", "an AwsSqsQueue ARN without its region"),
        Arguments.of("AwsKmsKey", "arn:aws:kms:us-east-1::key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "an AwsKmsKey ARN without its account"),
        Arguments.of("AwsIamUser", "arn:aws:iam:::user/alice", "an AwsIamUser ARN without its account: expected "
            + "arn:<partition>:iam::<account>:user/alice"),
        Arguments.of("AwsIamUser", "arn:aws:iam:us-east-1:111122223333:user/alice",
            "an AwsIamUser ARN naming a region, which iam ARNs never do"),
        Arguments.of("AwsIamPolicy", "arn:aws:iam:::policy/AdministratorAccess",
            "an AwsIamPolicy ARN without its account"),
        Arguments.of("AwsEc2Instance", "arn:aws:ec2:eu-west-1:111122223333:instance/i-12345678", "an ARN whose region"),
        Arguments.of("AwsS3Object", "arn:aws:s3:::acme-exports/", "not an ARN"),
        Arguments.of("AwsS3Object", "arn:aws:s3:::acme-exports/<script>", "not an S3 object ARN: its key holds '<'"),
        Arguments.of("AwsS3Object", "arn:aws:s3:::acme-exports/report\ud800.csv",
            "not an S3 object ARN: its key holds the unpaired surrogate U+D800"),
        Arguments.of("AwsS3Object", "acme-exports/key", "not an ARN"),
        Arguments.of("AwsAccount", "AWS::::Account:444455556666", "not the finding's account 111122223333"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("mistypedIds")
  void an_id_without_its_types_shape_is_rejected_before_any_call(String type, String id, String rule) {
    assertThat(idRule(type, id)).startsWith(rule);
  }

  static Stream<Arguments> badBucketArns() {
    return Stream.of(
        Arguments.of("arn:aws:s3:::../../etc/passwd",
            "not an S3 bucket ARN, the bucket name is not valid: it holds '/'"),
        Arguments.of("arn:aws:s3:::acme-exports/some/key", "not an S3 bucket ARN, the bucket name is not valid"),
        Arguments.of("arn:aws:s3:us-east-1::acme-exports",
            "not an S3 bucket ARN: expected arn:<partition>:s3:::<bucket>"),
        Arguments.of("arn:aws:s3::111122223333:acme-exports", "not an S3 bucket ARN: expected"),
        Arguments.of("arn:aws:ec2:::acme-exports", "not an S3 bucket ARN: expected"),
        Arguments.of("arn:aws-cn:s3:::acme-exports", "an ARN whose partition is not the resource's partition aws"),
        Arguments.of("arn:aws:s3::444455556666:acme-exports", "an ARN naming another account than the finding's"),
        Arguments.of("arn:aws:s3", "not an ARN"),
        Arguments.of("arn:aws:s3:::acme-exports/", "not an ARN"),
        Arguments.of("arn:aws:s3:::", "not an ARN"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBucketArns")
  void a_bucket_arn_that_is_not_arn_partition_s3_bucket_is_rejected(String id, String rule) {
    assertThat(idRule("AwsS3Bucket", id)).startsWith(rule);
  }

  static Stream<Arguments> badSecurityGroupIds() {
    return Stream.of(
        Arguments.of("sg-123", "not a security group id"),
        Arguments.of("sg-0123456789ABCDEF0", "not a security group id"),
        Arguments.of("sg-0123456789abcdef", "not a security group id"),
        Arguments.of("../sg-12345678", "not a security group id"),
        Arguments.of("arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0", "not a security group ARN"),
        Arguments.of("arn:aws:ec2:us-east-1::security-group/sg-12345678", "not a security group ARN"),
        Arguments.of("arn:aws:ec2:us-east-1:111122223333:security-group/sg-1234", "not a security group ARN"),
        Arguments.of("arn:aws:ec2:us-east-1:444455556666:security-group/sg-12345678",
            "an ARN naming another account than the finding's account 111122223333"),
        Arguments.of("arn:aws:ec2:eu-west-1:111122223333:security-group/sg-12345678",
            "an ARN whose region is not the resource's region us-east-1"),
        Arguments.of("arn:aws:ec2:evil.example/:111122223333:security-group/sg-12345678",
            "an ARN whose region is not the resource's region us-east-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSecurityGroupIds")
  void a_security_group_id_that_is_not_sg_hex_or_its_arn_is_rejected(String id, String rule) {
    assertThat(idRule("AwsEc2SecurityGroup", id)).startsWith(rule);
  }

  static Stream<Arguments> badOtherIds() {
    return Stream.of(
        Arguments.of("../../etc/passwd", "it holds a '..' path segment"),
        Arguments.of("roles/../admin", "it holds a '..' path segment"),
        Arguments.of("arn:aws:iam::111122223333:role/../admin", "it holds a '..' path segment"),
        Arguments.of("..", "it holds a '..' path segment"),
        Arguments.of("<script>alert(1)</script>", "it holds '<', which no identifier may hold"),
        Arguments.of("${7*7}", "it holds '{', which no identifier may hold"),
        Arguments.of("a\"b", "it holds '\"'"),
        Arguments.of("a'b", "it holds U+0027"),
        Arguments.of("a\\b", "it holds U+005C"),
        Arguments.of("a`b", "it holds '`'"),
        Arguments.of("a|b", "it holds '|'"),
        Arguments.of("a^b", "it holds '^'"),
        Arguments.of("i-0123 i-4567", "it holds whitespace (U+0020)"),
        Arguments.of("i-0123\ti-4567", "it holds whitespace (U+0009)"),
        Arguments.of("i-0123\u00a0", "it holds whitespace (U+00A0)"),
        Arguments.of("i-0123\u001b[31m", "it holds the control character U+001B"),
        Arguments.of("i-0123\u202egnp.exe", "it holds the invisible formatting character U+202E"),
        Arguments.of("subnet-1\ud800", "it holds the unpaired surrogate U+D800, which is not text"),
        Arguments.of("\udc00subnet-1", "it holds the unpaired surrogate U+DC00"),
        Arguments.of("subnet-\udc00\ud800", "it holds the unpaired surrogate U+DC00"),
        Arguments.of("arn:aws:iam::111122223333:role/ci\ud83d", "it holds the unpaired surrogate U+D83D"),
        Arguments.of("", "empty"),
        Arguments.of("x".repeat(ResourceIds.MAX_ID_LENGTH + 1), "longer than 2048 characters"),
        Arguments.of("arn:aws:iam::444455556666:role/admin", "an ARN naming another account than the finding's"),
        Arguments.of("arn:aws:lambda:eu-west-1:111122223333:function:f", "an ARN whose region is not the resource's"),
        Arguments.of("arn:aws-cn:iam::111122223333:role/admin", "an ARN whose partition is not the resource's"),
        Arguments.of("arn:aws", "not an ARN"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badOtherIds")
  void an_id_of_any_other_type_that_could_break_out_of_a_path_url_or_template_is_rejected(String id, String rule) {
    assertThat(idRule("AwsIamRole", id)).startsWith(rule);
  }

  @Test
  void a_multi_region_trail_lives_in_the_region_its_arn_names_whatever_region_reported_it() {
    Resource trail = resource("AwsCloudTrailTrail", "arn:aws:cloudtrail:us-east-1:" + ACCOUNT + ":trail/org", "aws",
        "eu-west-1");

    assertThat(ResourceIds.homeRegion(trail)).isEqualTo("us-east-1");
  }

  @Test
  void a_resource_whose_arn_must_name_the_findings_region_lives_in_the_findings_region() {
    assertThat(ResourceIds.homeRegion(resource("AwsS3Bucket", "arn:aws:s3:::exports", "aws", "eu-west-1")))
        .isEqualTo("eu-west-1");
    assertThat(ResourceIds.homeRegion(resource("AwsCloudTrailTrail", "org", "aws", "eu-west-1")))
        .as("a trail named without its ARN").isEqualTo("eu-west-1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0, i-0123456789abcdef0",
      "arn:aws:ec2:us-east-1:111122223333:security-group/sg-12345678, sg-12345678",
      "arn:aws:iam::111122223333:user/division_abc/jdoe, jdoe",
      "sg-12345678, sg-12345678",
      "arn:aws:sqs:us-east-1:111122223333:jobs, arn:aws:sqs:us-east-1:111122223333:jobs"})
  void the_last_path_segment_is_what_an_id_names_after_its_last_slash_or_the_whole_id(String id, String segment) {
    assertThat(ResourceIds.lastPathSegment(id)).isEqualTo(segment);
  }

  @Test
  void a_whole_surrogate_pair_is_text_and_does_not_make_an_id_unpaired() {
    assertThat(ResourceIds.problem(resource("AwsIamRole", "ci-\ud83d\ude80", "aws", "us-east-1"))).isEmpty();
    assertThat(idRule("AwsIamRole", "ci-\ud83d\ude80\ude80")).startsWith("it holds the unpaired surrogate U+DE80");
  }

  @Test
  void a_rule_never_repeats_the_id_it_rejects() {
    String id = "<script>alert(1)</script>";

    ResourceProblem problem = ResourceIds.problem(resource("AwsS3Bucket", id, "aws", "us-east-1")).orElseThrow();

    assertThat(problem.field()).isEqualTo(Field.ID);
    assertThat(problem.value()).isEqualTo(id);
    assertThat(problem.rule()).doesNotContain("script");
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws-evil", "AWS", "", "aws-iso-z"})
  void a_partition_that_is_not_an_aws_partition_is_rejected(String partition) {
    ResourceProblem problem = ResourceIds.problem(resource("AwsIamRole", "r", partition, "us-east-1")).orElseThrow();

    assertThat(problem.field()).isEqualTo(Field.PARTITION);
    assertThat(problem.rule()).startsWith("not an AWS partition; one of aws, aws-cn, aws-eusc, aws-iso, aws-iso-b");
  }

  @ParameterizedTest
  @CsvSource({"aws, us-east-1", "aws, ap-southeast-5", "aws, il-central-1", "aws-cn, cn-north-1",
      "aws-us-gov, us-gov-west-1", "aws-iso, us-iso-east-1", "aws-iso-b, us-isob-east-1", "aws-iso-e, eu-isoe-west-1",
      "aws-iso-f, us-isof-south-1", "aws-eusc, eusc-de-east-1"})
  void every_aws_partition_is_accepted_with_a_region_of_its_own(String partition, String region) {
    assertThat(ResourceIds.problem(resource("AwsIamRole", "r", partition, region))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"aws-cn, us-east-1, aws", "aws, cn-north-1, aws-cn", "aws, us-gov-west-1, aws-us-gov",
      "aws-iso, us-isob-east-1, aws-iso-b", "aws-iso-b, us-iso-east-1, aws-iso", "aws-us-gov, eusc-de-east-1, aws-eusc"})
  void a_partition_other_than_its_regions_is_rejected(
      String partition, String region, String regionPartition) {
    ResourceProblem problem = ResourceIds.problem(resource("AwsIamRole", "r", partition, region)).orElseThrow();

    assertThat(problem.field()).isEqualTo(Field.PARTITION);
    assertThat(problem.rule()).isEqualTo("not the partition of region " + region + ", which is " + regionPartition);
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.example/", "us-east-1.evil.example", "US-EAST-1", "us-east", "us-east-1 ", "useast1",
      "us-east-01", "global"})
  void a_region_that_is_not_a_region_code_is_rejected_as_it_would_become_part_of_a_host_name(String region) {
    ResourceProblem problem = ResourceIds.problem(resource("AwsIamRole", "r", "aws", region)).orElseThrow();

    assertThat(problem.field()).isEqualTo(Field.REGION);
    assertThat(problem.value()).isEqualTo(region);
  }

  @ParameterizedTest
  @ValueSource(strings = {"11112222333", "1111222233334", "1111-2222-333", "aws"})
  void an_account_that_is_not_twelve_digits_is_rejected(String account) {
    Resource resource = resource("AwsIamRole", "r", "aws", "us-east-1");
    resource.setAccount(account);

    assertThat(ResourceIds.problem(resource)).contains(
        new ResourceProblem(Field.ACCOUNT, account, "not a twelve-digit account id"));
  }

  @Test
  void a_type_with_whitespace_or_longer_than_256_characters_is_rejected() {
    assertThat(ResourceIds.problem(resource("Aws S3Bucket", "r", "aws", "us-east-1")))
        .hasValueSatisfying(problem -> assertThat(problem.field()).isEqualTo(Field.TYPE));
    assertThat(ResourceIds.problem(resource("T".repeat(257), "r", "aws", "us-east-1")))
        .hasValueSatisfying(problem -> assertThat(problem.rule()).isEqualTo("longer than 256 characters"));
    assertThat(ResourceIds.problem(resource("T".repeat(256), "r", "aws", "us-east-1"))).isEmpty();
  }

  @Test
  void a_resource_may_have_64_tags_but_not_65() {
    assertThat(tagsProblem(tags(64, "k", "v"))).isEmpty();
    assertThat(tagsProblem(tags(65, "k", "v")))
        .contains(new ResourceProblem(Field.TAGS, null, "65 tags, more than the 64 a resource may have"));
  }

  @Test
  void a_tag_key_has_1_to_128_characters() {
    assertThat(tagsProblem(Map.of("k".repeat(128), "v"))).isEmpty();
    assertThat(tagsProblem(Map.of("k".repeat(129), "v"))).contains(new ResourceProblem(Field.TAG_KEY,
        "k".repeat(129), "a key of 129 characters; tag keys have 1 to 128"));
    assertThat(tagsProblem(Map.of("", "v"))).contains(new ResourceProblem(Field.TAG_KEY, "",
        "a key of 0 characters; tag keys have 1 to 128"));
  }

  @Test
  void a_tag_value_has_at_most_256_characters_and_may_be_empty() {
    assertThat(tagsProblem(Map.of("team", "v".repeat(256)))).isEmpty();
    assertThat(tagsProblem(Map.of("team", ""))).isEmpty();
    assertThat(tagsProblem(Map.of("team", "v".repeat(257)))).contains(new ResourceProblem(Field.TAG_VALUE, "team",
        "whose value has 257 characters; tag values have at most 256"));
  }

  @Test
  void a_tag_key_or_value_holding_half_a_surrogate_pair_is_rejected_as_it_would_not_read_the_same_written_out() {
    assertThat(tagsProblem(Map.of("team\ud800", "payments"))).contains(new ResourceProblem(Field.TAG_KEY,
        "team\ud800", "a key holding the unpaired surrogate U+D800, which is not text (written out, it would read '?')"));
    assertThat(tagsProblem(Map.of("team", "payments\udc00"))).contains(new ResourceProblem(Field.TAG_VALUE,
        "team", "whose value holds the unpaired surrogate U+DC00, which is not text (written out, it would read '?')"));
    assertThat(tagsProblem(Map.of("team \ud83d\udcb3", "payments \ud83d\udcb3"))).isEmpty();
  }

  private static String idRule(String type, String id) {
    ResourceProblem problem = ResourceIds.problem(resource(type, id, "aws", "us-east-1"))
        .orElseThrow(() -> new AssertionError(type + " " + id + " was accepted"));
    assertThat(problem.field()).isEqualTo(Field.ID);
    assertThat(problem.value()).isEqualTo(id);
    return problem.rule();
  }

  private static Optional<ResourceProblem> tagsProblem(Map<String, String> tags) {
    Resource resource = resource("AwsS3Bucket", "acme-exports", "aws", "us-east-1");
    resource.setTags(tags);
    return ResourceIds.problem(resource);
  }

  private static Map<String, String> tags(int count, String key, String value) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      tags.put(key + i, value);
    }
    return tags;
  }

  private static Resource resource(String type, String id, String partition, String region) {
    return Resource.newBuilder().setType(type).setId(id).setPartition(partition).setRegion(region)
        .setAccount(ACCOUNT).setTags(Map.of()).build();
  }
}
