package io.redress.remediation;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of the permissions the actions declare a policy can limit to resources carrying a tag
 * ({@code aws:ResourceTag/<key>}), after the AWS Service Authorization Reference, and why each other one cannot be.
 * Every declared permission is in exactly one of the two (the policy generator refuses an unlisted one), so a new
 * permission is a decision, never a silent default. A permission wrongly listed as limitable fails closed: AWS
 * finds no tag to compare, denies the call and the action reports {@code FAILED}.
 */
final class ResourceTagSupport {

  private static final String ACCOUNT = "an account-level setting: there is no resource to carry the tag";
  private static final String EC2_DESCRIBE = "an EC2 Describe call: EC2 supports no resource-level permissions for it";
  private static final String TRAILS_OF_ACCOUNT = "CloudTrail.1 judges the account: it reads every multi-Region"
      + " trail the region sees, tagged or not";
  private static final String REDRESS_KEY =
      "CloudTrail.2 calls it on the KMS key Redress makes for trail logs, which carries no tag";
  private static final String CHECKS_KEYS = "CloudTrail.2 calls it on the key " + TrailEncryption.ALIAS
      + " points to, which whoever sets the alias chooses, and on each key of the region that describes itself as"
      + " Redress's, to find one a stopped run made";

  /** Calls on the one resource they name, whose tags AWS compares. */
  private static final Set<String> BY_TAG = Set.of(
      // S3 compares a general purpose bucket's tags only once ABAC is enabled on the bucket.
      S3BlockPublicAccess.GET, S3BlockPublicAccess.PUT,
      S3DefaultEncryption.GET, S3DefaultEncryption.PUT,
      BucketPolicyStatement.GET, BucketPolicyStatement.PUT,
      S3Versioning.GET, S3Versioning.PUT,
      OpenPorts.AUTHORIZE, OpenPorts.REVOKE, DefaultSecurityGroupClosed.REVOKE_EGRESS,
      InstanceImdsv2.MODIFY,
      EbsSnapshotsPrivate.DESCRIBE_ATTRIBUTE, EbsSnapshotsPrivate.MODIFY_ATTRIBUTE,
      StaleAccessKeys.LIST, StaleAccessKeys.UPDATE, UnusedAccessKeys.LAST_USED, UnusedAccessKeys.GET_LOGIN_PROFILE,
      UnusedAccessKeys.GET_USER,
      KmsKeyRotation.GET,
      TrailLogging.START, TrailLogging.PUT_SELECTORS, TrailEncryption.UPDATE,
      LambdaNotPublic.GET, LambdaNotPublic.REMOVE, LambdaNotPublic.ADD,
      RdsInstancePrivate.DESCRIBE, RdsInstancePrivate.MODIFY,
      RdsSnapshotPrivate.DESCRIBE, RdsSnapshotPrivate.MODIFY,
      TopicEncryption.GET, TopicEncryption.SET,
      QueueEncryption.URL, QueueEncryption.GET, QueueEncryption.SET,
      LiveTags.S3_BUCKET_TAGS, LiveTags.IAM_USER_TAGS, LiveTags.KMS_KEY_TAGS, LiveTags.RDS_TAGS, LiveTags.LAMBDA_TAGS,
      LiveTags.SNS_TAGS, LiveTags.SQS_TAGS, LiveTags.TRAIL_TAGS);

  /** The others, each with the reason a tag cannot limit it. */
  private static final Map<String, String> NOT_BY_TAG = Map.ofEntries(
      Map.entry(S3AccountPublicAccessBlock.GET, ACCOUNT),
      Map.entry(S3AccountPublicAccessBlock.PUT, ACCOUNT),
      Map.entry(EbsEncryptionByDefault.GET, ACCOUNT),
      Map.entry(EbsEncryptionByDefault.ENABLE, ACCOUNT),
      Map.entry(PasswordPolicy.GET, ACCOUNT),
      Map.entry(PasswordPolicy.UPDATE, ACCOUNT),
      Map.entry(OpenPorts.DESCRIBE, EC2_DESCRIBE),
      Map.entry(DefaultSecurityGroupClosed.DESCRIBE_GROUPS, EC2_DESCRIBE),
      Map.entry(InstanceImdsv2.DESCRIBE, EC2_DESCRIBE),
      Map.entry(EbsSnapshotsPrivate.DESCRIBE, EC2_DESCRIBE),
      Map.entry(LiveTags.EC2_TAGS, EC2_DESCRIBE),
      Map.entry(TrailAction.DESCRIBE, "lists the region's trails: it names no single trail"),
      Map.entry(TrailLogging.STATUS, TRAILS_OF_ACCOUNT),
      Map.entry(TrailLogging.GET_SELECTORS, TRAILS_OF_ACCOUNT),
      Map.entry(LambdaNotPublic.BUCKET_LOCATION, "Lambda.1 calls it on the bucket an S3 statement of the function's policy"
          + " names, not on the function the finding is about"),
      Map.entry(TrailEncryption.CREATE_KEY, "creates a key: there is no resource yet to carry the tag"),
      Map.entry(TrailEncryption.CREATE_ALIAS, REDRESS_KEY),
      Map.entry(TrailEncryption.DESCRIBE_KEY, REDRESS_KEY + ", and on each key of the region to find one a stopped run"
          + " made"),
      Map.entry(TrailEncryption.LIST_KEYS, "lists the region's keys: it names no single key"),
      Map.entry(TrailEncryption.GET_KEY_POLICY, CHECKS_KEYS),
      Map.entry(TrailEncryption.LIST_GRANTS, CHECKS_KEYS),
      Map.entry(TrailEncryption.ROTATE, REDRESS_KEY + " (KMS.4 needs it too)"));

  private ResourceTagSupport() {
  }

  /**
   * Empty when a tag condition can limit {@code permission}, else why not.
   *
   * @throws IllegalStateException for a permission listed in neither set
   */
  static Optional<String> whyNotByTag(String permission) {
    if (BY_TAG.contains(permission)) {
      return Optional.empty();
    }
    String why = NOT_BY_TAG.get(permission);
    if (why == null) {
      throw new IllegalStateException(permission + " is declared by an action but ResourceTagSupport does not say"
          + " whether aws:ResourceTag can limit it");
    }
    return Optional.of(why);
  }
}
