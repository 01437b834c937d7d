package io.redress.remediation;

import io.redress.contract.Resource;
import io.redress.resource.ResourceIds;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * How the executor reads the tags a resource carries in AWS now, for its last look before it acts: an exception
 * scoped to a tag must keep a resource carrying that tag untouched even when the finding carried none (AWS Config's
 * never do) or stale ones. One per resource type the catalogue acts on; each action on the type declares it
 * ({@link RemediationAction#liveTags}) and its {@link #permissions} among its own.
 *
 * @param permissions every IAM action a read may make, in order
 */
public record LiveTags(List<String> permissions, Reader reader) {

  static final String S3_BUCKET_TAGS = "s3:GetBucketTagging";
  static final String EC2_TAGS = "ec2:DescribeTags";
  static final String IAM_USER_TAGS = "iam:ListUserTags";
  static final String KMS_KEY_TAGS = "kms:ListResourceTags";
  static final String RDS_TAGS = "rds:ListTagsForResource";
  static final String LAMBDA_TAGS = "lambda:ListTags";
  static final String SNS_TAGS = "sns:ListTagsForResource";
  static final String SQS_TAGS = "sqs:ListQueueTags";
  static final String TRAIL_TAGS = "cloudtrail:ListTags";

  private static final String NO_TAG_SET = "NoSuchTagSet";

  static final LiveTags S3_BUCKET = new LiveTags(List.of(S3_BUCKET_TAGS), (session, resource, calls) -> {
    calls.add(S3_BUCKET_TAGS);
    try {
      return tags(session.s3().getBucketTagging(r -> r.bucket(BucketAction.bucketName(resource.getId())))
          .tagSet().stream(), tag -> tag.key(), tag -> tag.value());
    } catch (S3Exception e) {
      // S3 answers a bucket without tags with an error rather than an empty set.
      if (CheckedChange.errorCode(e).filter(NO_TAG_SET::equals).isPresent()) {
        return Map.of();
      }
      throw e;
    }
  });

  /** A security group or an instance, by the id after the last {@code /} of its ARN, or bare. */
  static final LiveTags EC2_RESOURCE = new LiveTags(List.of(EC2_TAGS), (session, resource, calls) -> {
    calls.add(EC2_TAGS);
    return tags(session.client(Ec2Client::builder).describeTagsPaginator(r -> r.filters(
        filter -> filter.name("resource-id").values(ResourceIds.lastPathSegment(resource.getId())))).tags().stream(),
        tag -> tag.key(), tag -> tag.value());
  });

  static final LiveTags IAM_USER = new LiveTags(List.of(IAM_USER_TAGS), (session, resource, calls) -> {
    calls.add(IAM_USER_TAGS);
    return tags(session.client(IamClient::builder)
        .listUserTagsPaginator(r -> r.userName(ResourceIds.lastPathSegment(resource.getId()))).tags().stream(),
        tag -> tag.key(), tag -> tag.value());
  });

  /** One page: a key holds at most 50 tags, and a page as many. */
  static final LiveTags KMS_KEY = new LiveTags(List.of(KMS_KEY_TAGS), (session, resource, calls) -> {
    calls.add(KMS_KEY_TAGS);
    return tags(session.client(KmsClient::builder).listResourceTags(r -> r.keyId(resource.getId()).limit(50))
        .tags().stream(), tag -> tag.tagKey(), tag -> tag.tagValue());
  });

  static final LiveTags RDS_DB_INSTANCE = rds("db");
  static final LiveTags RDS_DB_SNAPSHOT = rds("snapshot");

  static final LiveTags LAMBDA_FUNCTION = new LiveTags(List.of(LAMBDA_TAGS), (session, resource, calls) -> {
    calls.add(LAMBDA_TAGS);
    String arn = arn(session, resource, "lambda", "function:");
    return session.client(LambdaClient::builder).listTags(r -> r.resource(arn)).tags();
  });

  /** Topics are named by their ARN alone ({@link TopicEncryption} acts on no other name). */
  static final LiveTags SNS_TOPIC = new LiveTags(List.of(SNS_TAGS), (session, resource, calls) -> {
    calls.add(SNS_TAGS);
    return tags(session.client(SnsClient::builder).listTagsForResource(r -> r.resourceArn(resource.getId()))
        .tags().stream(), tag -> tag.key(), tag -> tag.value());
  });

  /** SQS names a queue by its URL, found by the name at the end of its ARN in the finding's account. */
  static final LiveTags SQS_QUEUE = new LiveTags(List.of(QueueEncryption.URL, SQS_TAGS), (session, resource, calls) -> {
    SqsClient sqs = session.client(SqsClient::builder);
    calls.add(QueueEncryption.URL);
    String url = sqs.getQueueUrl(r -> r.queueName(ResourceIds.lastPathSegment(resource.getId().replace(':', '/')))
        .queueOwnerAWSAccountId(session.account())).queueUrl();
    calls.add(SQS_TAGS);
    return sqs.listQueueTags(r -> r.queueUrl(url)).tags();
  });

  /** Asked in the trail's home region, where alone its tags are kept. */
  static final LiveTags CLOUDTRAIL_TRAIL = new LiveTags(List.of(TRAIL_TAGS), (session, resource, calls) -> {
    calls.add(TRAIL_TAGS);
    String arn = arn(session, resource, "cloudtrail", "trail/");
    CloudTrailClient cloudTrail = session.client(CloudTrailClient::builder,
        Arn.fromString(arn).region().map(Region::of).orElse(session.region()));
    return tags(cloudTrail.listTagsPaginator(r -> r.resourceIdList(arn)).resourceTagList().stream()
        .flatMap(tagged -> tagged.tagsList().stream()), tag -> tag.key(), tag -> tag.value());
  });

  public LiveTags {
    permissions = List.copyOf(permissions);
  }

  /** Reads the tags of a resource; AWS's errors are thrown as the SDK's. */
  @FunctionalInterface
  interface Reader {
    /** @param calls each IAM action is added as its call is about to be made */
    Map<String, String> read(AwsSession session, Resource resource, List<String> calls);
  }

  /** RDS reads tags by ARN only; a finding may name the instance or snapshot bare. */
  private static LiveTags rds(String kind) {
    return new LiveTags(List.of(RDS_TAGS), (session, resource, calls) -> {
      calls.add(RDS_TAGS);
      String arn = arn(session, resource, "rds", kind + ":");
      return tags(session.client(RdsClient::builder).listTagsForResource(r -> r.resourceName(arn)).tagList().stream(),
          tag -> tag.key(), tag -> tag.value());
    });
  }

  /** The resource's id when it is an ARN, else the ARN of that name in the session's account and region. */
  private static String arn(AwsSession session, Resource resource, String service, String prefix) {
    String id = resource.getId();
    return id.startsWith("arn:") ? id : "arn:" + PartitionMetadata.of(session.region()).id() + ":" + service + ":"
        + session.region().id() + ":" + session.account() + ":" + prefix + id;
  }

  /** AWS keeps one value per key; should an answer repeat a key, the first value is kept. */
  private static <T> Map<String, String> tags(Stream<T> tags, Function<T, String> key, Function<T, String> value) {
    return tags.collect(Collectors.toMap(key, value, (first, second) -> first));
  }
}
