package io.redress.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resource types and ids as the rest of Redress knows them: ASFF type names ({@code AwsS3Bucket}) and ARNs. AWS
 * Config and OCSF name types the CloudFormation way ({@code AWS::S3::Bucket}), and Config names many resources by a
 * bare id ({@code my-bucket}, {@code sg-0abc...}); the ARN is built here from the event's partition, region and
 * account, so that a finding about one resource has one key whichever source reported it.
 */
final class ResourceTypes {

  /** CloudFormation type -> ASFF type and, where the bare id determines it, the ARN's form. */
  private record Known(String asffType, String arnFormat) {
  }

  private static final String RDS_INSTANCE = "AwsRdsDbInstance";
  /**
   * RDS finds instances and snapshots by their identifiers in any case and keeps them in lower case, so their ARNs
   * are too: {@code ...:db:PaymentsDB} and {@code ...:db:paymentsdb} are one instance, under one exception.
   */
  private static final Set<String> RDS_TYPES = Set.of(RDS_INSTANCE, "AwsRdsDbSnapshot");
  private static final String ACCOUNT = "AwsAccount";
  /**
   * What AWS Config names a DB instance by (its DbiResourceId), from which no ARN can be built; any other bare id of
   * a DB instance is its identifier, which RDS keeps in lower case whatever case it was given in.
   */
  private static final Pattern DBI_RESOURCE_ID = Pattern.compile("db-[A-Z0-9]{26}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
  private static final String QUEUE = "AwsSqsQueue";
  /**
   * A queue's URL, {@code https://sqs.<region>.amazonaws.com/<account>/<name>} (or the legacy
   * {@code https://<region>.queue.amazonaws.com/...}; {@code queue.amazonaws.com} alone is us-east-1).
   */
  private static final Pattern QUEUE_URL = Pattern.compile(
      "https://(?:sqs\\.([a-z0-9-]+)|([a-z0-9-]+)\\.queue|(queue))\\.amazonaws\\.com(?:\\.cn)?/([0-9]{12})/([^/]+)");

  /** Placeholders: %1$s partition, %2$s region, %3$s account, %4$s the bare id. */
  private static final Map<String, Known> KNOWN = Map.ofEntries(
      Map.entry("AWS::S3::Bucket", new Known("AwsS3Bucket", "arn:%1$s:s3:::%4$s")),
      Map.entry("AWS::EC2::SecurityGroup", new Known("AwsEc2SecurityGroup", "arn:%1$s:ec2:%2$s:%3$s:security-group/%4$s")),
      Map.entry("AWS::EC2::Instance", new Known("AwsEc2Instance", "arn:%1$s:ec2:%2$s:%3$s:instance/%4$s")),
      Map.entry("AWS::EC2::Volume", new Known("AwsEc2Volume", "arn:%1$s:ec2:%2$s:%3$s:volume/%4$s")),
      Map.entry("AWS::EC2::VPC", new Known("AwsEc2Vpc", "arn:%1$s:ec2:%2$s:%3$s:vpc/%4$s")),
      Map.entry("AWS::KMS::Key", new Known("AwsKmsKey", "arn:%1$s:kms:%2$s:%3$s:key/%4$s")),
      Map.entry("AWS::CloudTrail::Trail", new Known("AwsCloudTrailTrail", "arn:%1$s:cloudtrail:%2$s:%3$s:trail/%4$s")),
      Map.entry("AWS::Lambda::Function", new Known("AwsLambdaFunction", "arn:%1$s:lambda:%2$s:%3$s:function:%4$s")),
      Map.entry("AWS::SNS::Topic", new Known("AwsSnsTopic", "arn:%1$s:sns:%2$s:%3$s:%4$s")),
      Map.entry("AWS::SQS::Queue", new Known("AwsSqsQueue", "arn:%1$s:sqs:%2$s:%3$s:%4$s")),
      Map.entry("AWS::IAM::User", new Known("AwsIamUser", null)),
      Map.entry("AWS::IAM::AccessKey", new Known("AwsIamAccessKey", null)),
      Map.entry("AWS::RDS::DBInstance", new Known(RDS_INSTANCE, "arn:%1$s:rds:%2$s:%3$s:db:%4$s")),
      Map.entry("AWS::RDS::DBSnapshot", new Known("AwsRdsDbSnapshot", null)),
      Map.entry("AWS::::Account", new Known(ACCOUNT, "AWS::::Account:%4$s")));

  /** The same forms by ASFF type, for sources that name types the ASFF way and may still give a bare id. */
  private static final Map<String, Known> KNOWN_BY_ASFF_TYPE = KNOWN.values().stream()
      .filter(known -> known.arnFormat() != null)
      .collect(Collectors.toUnmodifiableMap(Known::asffType, known -> known));

  private ResourceTypes() {
  }

  /**
   * The ASFF name of a CloudFormation-style type; an unlisted one by ASFF's own rule ({@code AWS::EC2::NatGateway}
   * is {@code AwsEc2NatGateway}); a type that is not CloudFormation-style is taken as already ASFF.
   */
  static String asffType(String type) {
    Known known = KNOWN.get(type);
    if (known != null) {
      return known.asffType();
    }
    if (!type.startsWith("AWS::")) {
      return type;
    }
    StringBuilder asff = new StringBuilder("Aws");
    for (String part : type.substring("AWS::".length()).split("::")) {
      if (!part.isEmpty()) {
        asff.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return asff.toString();
  }

  /**
   * The resource's ARN where the bare id determines it, the type named either way ({@code AWS::S3::Bucket} or
   * {@code AwsS3Bucket}); a bare account id is Security Hub's {@code AWS::::Account:<account>}. An id that already is
   * an ARN, and one of a type whose ARN needs more than the id (Config names an RDS instance by its DbiResourceId, an
   * IAM user by its unique id), is kept as given. An SQS queue given by URL is named by its last path segment, as its
   * ARN is, when the URL is in the finding's region and account. One form per resource matters beyond keys: an exception is matched on the id, so a resource excepted by
   * its ARN must not be remediated when a source names it bare.
   */
  static String arn(String type, String id, String partition, String region, String account) {
    Known known = KNOWN.containsKey(type) ? KNOWN.get(type) : KNOWN_BY_ASFF_TYPE.get(type);
    if (id.startsWith("arn:")) {
      return RDS_TYPES.contains(asffType(type)) ? id.toLowerCase(Locale.ROOT) : id;
    }
    if (known == null || known.arnFormat() == null) {
      return id;
    }
    return switch (known.asffType()) {
      case ACCOUNT -> ACCOUNT_ID.matcher(id).matches() ? format(known, partition, region, account, id) : id;
      case RDS_INSTANCE -> DBI_RESOURCE_ID.matcher(id).matches() ? id
          : format(known, partition, region, account, id.toLowerCase(Locale.ROOT));
      case QUEUE -> id.startsWith("https://") ? queueName(id, region, account)
          .map(name -> format(known, partition, region, account, name)).orElse(id)
          : format(known, partition, region, account, id);
      default -> format(known, partition, region, account, id);
    };
  }

  /**
   * The queue's name when its URL is in the finding's region and account; otherwise empty, and the URL is kept as
   * given, which no check takes for a queue.
   */
  private static Optional<String> queueName(String url, String region, String account) {
    Matcher parts = QUEUE_URL.matcher(url);
    if (!parts.matches()) {
      return Optional.empty();
    }
    String urlRegion = parts.group(1) != null ? parts.group(1)
        : parts.group(2) != null ? parts.group(2) : "us-east-1";
    return urlRegion.equals(region) && parts.group(4).equals(account) ? Optional.of(parts.group(5)) : Optional.empty();
  }

  private static String format(Known known, String partition, String region, String account, String bare) {
    return String.format(Locale.ROOT, known.arnFormat(), partition, region, account, bare);
  }
}
