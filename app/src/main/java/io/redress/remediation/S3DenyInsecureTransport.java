package io.redress.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Adds a statement denying every request not made over TLS to the bucket policy (Security Hub S3.5). */
public final class S3DenyInsecureTransport extends BucketPolicyStatement {

  static final String SID = "RedressDenyInsecureTransport";

  @Override
  public String name() {
    return "s3-deny-insecure-transport";
  }

  @Override
  public Set<String> controls() {
    return Set.of("S3.5");
  }

  @Override
  public String summary() {
    return "Adds a statement denying requests without TLS (aws:SecureTransport false) to the bucket policy; "
        + "existing statements are kept.";
  }

  @Override
  protected String sid() {
    return SID;
  }

  @Override
  protected String denying() {
    return "denying requests without TLS";
  }

  @Override
  protected ObjectNode statement(String bucketArn, String account) {
    ObjectNode statement = object().put("Effect", "Deny").put("Principal", "*").put("Action", "s3:*");
    statement.set("Resource", array(bucketArn, bucketArn + "/*"));
    statement.set("Condition", object().set("Bool", object().put("aws:SecureTransport", "false")));
    return statement;
  }
}
