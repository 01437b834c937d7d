package io.redress.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Adds a statement denying principals of other accounts the bucket's policy, ACL and encryption changes (Security
 * Hub S3.6). Statements that grant other accounts access are kept: the added Deny wins over them for these actions.
 */
public final class S3DenyCrossAccountPolicyChanges extends BucketPolicyStatement {

  static final String SID = "RedressDenyCrossAccountPolicyChanges";
  /** The actions S3.6 forbids to other accounts. */
  static final List<String> GUARDED = List.of("s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy",
      "s3:PutEncryptionConfiguration", "s3:PutObjectAcl");

  @Override
  public String name() {
    return "s3-deny-cross-account-policy-changes";
  }

  @Override
  public Set<String> controls() {
    return Set.of("S3.6");
  }

  @Override
  public String summary() {
    return "Adds a statement denying other accounts " + String.join(", ", GUARDED)
        + " to the bucket policy; existing statements are kept.";
  }

  @Override
  protected String sid() {
    return SID;
  }

  @Override
  protected String denying() {
    return "denying other accounts policy, ACL and encryption changes";
  }

  @Override
  protected ObjectNode statement(String bucketArn, String account) {
    ObjectNode statement = object().put("Effect", "Deny").put("Principal", "*");
    statement.set("Action", array(GUARDED.toArray(String[]::new)));
    statement.set("Resource", array(bucketArn, bucketArn + "/*"));
    statement.set("Condition", object().set("StringNotEquals", object().put("aws:PrincipalAccount", account)));
    return statement;
  }
}
