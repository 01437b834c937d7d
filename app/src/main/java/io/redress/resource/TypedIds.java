package io.redress.resource;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.arns.Arn;

/**
 * The shape of the id of each resource type Redress acts on beyond buckets and security groups: its ARN's service
 * and resource part, and the bare id Security Hub or another source may give instead. An id that does not have
 * its type's shape never reaches an AWS call.
 *
 * @param service the ARN's service
 * @param arnResource the ARN's resource part
 * @param bareId the id when it is not an ARN; null when only an ARN names the type
 * @param regionMayDiffer the ARN may name another region than the finding's (a multi-region trail is reported in
 *     every region it covers, and its ARN names its home region)
 * @param awsOwned the ARN may name the account {@code aws} (AWS managed policies)
 */
record TypedIds(String service, Pattern arnResource, Pattern bareId, boolean regionMayDiffer, boolean awsOwned) {

  /** The service whose ARNs name no region. */
  private static final String GLOBAL_SERVICE = "iam";

  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.+=,@-]{0,254}";

  static final Map<String, TypedIds> BY_TYPE = Map.ofEntries(
      Map.entry("AwsEc2Instance", new TypedIds("ec2", Pattern.compile("instance/i-(?:[0-9a-f]{8}|[0-9a-f]{17})"),
          Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})"), false, false)),
      Map.entry("AwsKmsKey", new TypedIds("kms", Pattern.compile("key/(?:mrk-[0-9a-f]{32}|[0-9a-f-]{36})"),
          Pattern.compile("mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), false, false)),
      Map.entry("AwsRdsDbInstance", new TypedIds("rds", Pattern.compile("db:[A-Za-z][A-Za-z0-9-]{0,62}"),
          Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}"), false, false)),
      Map.entry("AwsRdsDbSnapshot", new TypedIds("rds", Pattern.compile("snapshot:(?:rds:)?[A-Za-z][A-Za-z0-9-]{0,254}"),
          null, false, false)),
      Map.entry("AwsIamUser", new TypedIds("iam", Pattern.compile("user/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}"),
          null, false, false)),
      Map.entry("AwsIamPolicy", new TypedIds("iam", Pattern.compile("policy/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}"),
          null, false, true)),
      Map.entry("AwsLambdaFunction", new TypedIds("lambda",
          Pattern.compile("function:[A-Za-z0-9_-]{1,64}(?::(?:\\$LATEST|[A-Za-z0-9_-]{1,128}))?"),
          Pattern.compile("[A-Za-z0-9_-]{1,64}"), false, false)),
      Map.entry("AwsSnsTopic", new TypedIds("sns", Pattern.compile("[A-Za-z0-9_-]{1,256}(?:\\.fifo)?"),
          null, false, false)),
      Map.entry("AwsSqsQueue", new TypedIds("sqs", Pattern.compile("[A-Za-z0-9_-]{1,80}(?:\\.fifo)?"),
          null, false, false)),
      Map.entry("AwsCloudTrailTrail", new TypedIds("cloudtrail", Pattern.compile("trail/" + NAME),
          null, true, false)));

  /** What is wrong with a bare (non-ARN) id of this type. */
  Optional<String> bareIdProblem(String type, String id) {
    if (bareId == null) {
      return Optional.of("not an ARN, but an " + type + " is named by its arn:<partition>:" + service + " ARN");
    }
    return bareId.matcher(id).matches() ? Optional.empty()
        : Optional.of("not an " + type + " id: expected " + bareId.pattern() + " or its ARN");
  }

  /**
   * What is wrong with an ARN's service, region, account and resource part for this type. Every one of these ARNs
   * names its account, and its region unless its service is global (IAM): one with either left out, or with a region
   * IAM never writes, names the same resource as the ARN AWS gives it, in another spelling, and exceptions match
   * the spelling.
   */
  Optional<String> arnProblem(String type, Arn arn) {
    boolean global = service.equals(GLOBAL_SERVICE);
    String region = global ? "" : "<region>";
    if (!arn.service().equals(service) || !arnResource.matcher(arn.resourceAsString()).matches()) {
      return Optional.of("not an " + type + " ARN: expected arn:<partition>:" + service + ":" + region + ":<account>:"
          + arnResource.pattern());
    }
    if (arn.accountId().isEmpty()) {
      return Optional.of("an " + type + " ARN without its account: expected arn:<partition>:" + service + ":" + region
          + ":<account>:" + arn.resourceAsString());
    }
    if (arn.region().isPresent() == global) {
      return Optional.of(global ? "an " + type + " ARN naming a region, which " + service + " ARNs never do"
          : "an " + type + " ARN without its region: expected arn:<partition>:" + service + ":<region>:<account>:"
              + arn.resourceAsString());
    }
    return Optional.empty();
  }
}
