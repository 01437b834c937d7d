package io.redress.remediation;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Encrypts a trail's log files with KMS (Security Hub CloudTrail.2). The key is Redress's own per account and home
 * region, {@value #ALIAS}: found by its alias, or made once with a policy that lets the account administer it and
 * CloudTrail encrypt this account's trails with it, and with rotation on. A trail that already has a key keeps it.
 */
public final class TrailEncryption extends TrailAction<TrailEncryption.State> {

  static final String ALIAS = "alias/redress-cloudtrail";
  static final String UPDATE = "cloudtrail:UpdateTrail";
  static final String DESCRIBE_KEY = "kms:DescribeKey";
  static final String CREATE_KEY = "kms:CreateKey";
  static final String CREATE_ALIAS = "kms:CreateAlias";
  static final String ROTATE = "kms:EnableKeyRotation";

  /** @param kmsKeyId the trail's key; empty when its logs are only SSE-S3 encrypted */
  record State(String kmsKeyId) {
  }

  @Override
  public String name() {
    return "cloudtrail-kms-encryption";
  }

  @Override
  public Set<String> controls() {
    return Set.of("CloudTrail.2");
  }

  @Override
  public List<String> permissions() {
    return List.of(DESCRIBE, UPDATE, DESCRIBE_KEY, CREATE_KEY, CREATE_ALIAS, ROTATE);
  }

  @Override
  public String summary() {
    return "Encrypts the trail's logs with the KMS key " + ALIAS + ", made once per account and region if absent.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, DESCRIBE_KEY, CREATE_KEY, ROTATE, CREATE_ALIAS, UPDATE, DESCRIBE);
  }

  @Override
  protected State read(Calls calls) {
    String key = trail(calls).kmsKeyId();
    return new State(key == null ? "" : key);
  }

  @Override
  protected boolean compliant(State state) {
    return !state.kmsKeyId().isEmpty();
  }

  @Override
  protected String plan(State before) {
    return "encrypt the trail's logs with the KMS key " + ALIAS;
  }

  @Override
  protected void change(Calls calls, State before) {
    String key = key(calls);
    cloudTrail(calls, UPDATE).updateTrail(r -> r.name(calls.target()).kmsKeyId(key));
  }

  private static String key(Calls calls) {
    Region home = Arn.tryFromString(calls.target()).flatMap(Arn::region).map(Region::of)
        .orElse(calls.session().region());
    try {
      return calls.call(DESCRIBE_KEY).client(KmsClient::builder, home).describeKey(r -> r.keyId(ALIAS))
          .keyMetadata().arn();
    } catch (SdkException e) {
      if (errorCode(e).filter("NotFoundException"::equals).isEmpty()) {
        throw e;
      }
    }
    String account = calls.session().account();
    String partition = calls.resource().getPartition();
    String arn = calls.call(CREATE_KEY).client(KmsClient::builder, home).createKey(r -> r
        .description("Redress: encrypts this account's CloudTrail logs (CloudTrail.2)")
        .policy(keyPolicy(partition, account))).keyMetadata().arn();
    calls.call(ROTATE).client(KmsClient::builder, home).enableKeyRotation(r -> r.keyId(arn));
    calls.call(CREATE_ALIAS).client(KmsClient::builder, home).createAlias(r -> r.aliasName(ALIAS).targetKeyId(arn));
    return arn;
  }

  private static String keyPolicy(String partition, String account) {
    return """
        {"Version":"2012-10-17","Statement":[\
        {"Sid":"AccountAdministers","Effect":"Allow","Principal":{"AWS":"arn:%1$s:iam::%2$s:root"},\
        "Action":"kms:*","Resource":"*"},\
        {"Sid":"CloudTrailEncryptsThisAccountsTrails","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},\
        "Action":["kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*","Condition":{"StringLike":\
        {"kms:EncryptionContext:aws:cloudtrail:arn":"arn:%1$s:cloudtrail:*:%2$s:trail/*"}}}]}"""
        .formatted(partition, account);
  }
}
