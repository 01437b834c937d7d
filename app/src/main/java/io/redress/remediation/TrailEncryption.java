package io.redress.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Encrypts a trail's log files with KMS (Security Hub CloudTrail.2). The key is Redress's own per account and home
 * region, {@value #ALIAS}: found by its alias, or made once with a policy that lets the account administer it and
 * CloudTrail encrypt this account's trails with it, and with rotation on. A trail that already has a key keeps it.
 *
 * <p>KMS has no idempotent CreateKey, so the alias is the commit point: it is set last, once the key is whole. A key
 * with Redress's description and exactly Redress's policy that no run has aliased yet was left by a run stopped
 * between CreateKey and CreateAlias (a crash, a throttle), and a replay takes it up instead of making another. Two
 * commands for two trails of one account and region may still each make a key at once; the one whose CreateAlias
 * comes second uses the alias's key, and its own stays unused and is logged for a person to delete. The role is not
 * given kms:ScheduleKeyDeletion to clean up after itself: that permission cannot be narrowed to Redress's keys in
 * the generated policy, and would let the remediator destroy every key of the account.
 */
public final class TrailEncryption extends TrailAction<TrailEncryption.State> {

  static final String ALIAS = "alias/redress-cloudtrail";
  static final String DESCRIPTION = "Redress: encrypts this account's CloudTrail logs (CloudTrail.2)";
  static final String UPDATE = "cloudtrail:UpdateTrail";
  static final String DESCRIBE_KEY = "kms:DescribeKey";
  static final String LIST_KEYS = "kms:ListKeys";
  static final String GET_KEY_POLICY = "kms:GetKeyPolicy";
  static final String LIST_GRANTS = "kms:ListGrants";
  static final String CREATE_KEY = "kms:CreateKey";
  static final String CREATE_ALIAS = "kms:CreateAlias";
  static final String ROTATE = "kms:EnableKeyRotation";

  private static final Logger log = LoggerFactory.getLogger(TrailEncryption.class);
  private static final ObjectMapper JSON = new ObjectMapper();

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
    return List.of(DESCRIBE, UPDATE, DESCRIBE_KEY, LIST_KEYS, GET_KEY_POLICY, LIST_GRANTS, CREATE_KEY, CREATE_ALIAS,
        ROTATE);
  }

  @Override
  public String summary() {
    return "Encrypts the trail's logs with the KMS key " + ALIAS + ", made once per account and region if absent.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, DESCRIBE_KEY, LIST_KEYS, CREATE_KEY, ROTATE, CREATE_ALIAS, UPDATE, DESCRIBE);
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
    Optional<String> aliased = aliased(calls);
    if (aliased.isPresent()) {
      return aliased.get();
    }
    String policy = keyPolicy(calls.resource().getPartition(), calls.session().account());
    String key = leftUnaliased(calls, policy).orElseGet(() -> kms(calls, CREATE_KEY)
        .createKey(r -> r.description(DESCRIPTION).policy(policy)).keyMetadata().arn());
    kms(calls, ROTATE).enableKeyRotation(r -> r.keyId(key));
    try {
      kms(calls, CREATE_ALIAS).createAlias(r -> r.aliasName(ALIAS).targetKeyId(key));
      return key;
    } catch (SdkException e) {
      if (errorCode(e).filter("AlreadyExistsException"::equals).isEmpty()) {
        throw e;
      }
    }
    String theirs = aliasedKey(calls);
    if (!theirs.equals(key)) {
      log.warn("another command made {} first, so the KMS key {} made for it is unused: schedule its deletion",
          ALIAS, key);
    }
    return theirs;
  }

  private static Optional<String> aliased(Calls calls) {
    try {
      return Optional.of(aliasedKey(calls));
    } catch (SdkException e) {
      if (errorCode(e).filter("NotFoundException"::equals).isEmpty()) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private static String aliasedKey(Calls calls) {
    return kms(calls, DESCRIBE_KEY).describeKey(r -> r.keyId(ALIAS)).keyMetadata().arn();
  }

  /** The oldest enabled key a run made before it stopped short of its alias, if any. */
  private static Optional<String> leftUnaliased(Calls calls, String policy) {
    return kms(calls, LIST_KEYS).listKeysPaginator(r -> { }).keys().stream()
        .map(entry -> madeByRedress(calls, entry.keyArn(), policy)).flatMap(Optional::stream)
        .min(Comparator.comparing(KeyMetadata::creationDate)).map(KeyMetadata::arn);
  }

  /**
   * {@code key}'s metadata when it is enabled and is, in every way that counts, a key Redress made: a customer
   * managed symmetric key of this region, its material made by KMS, with Redress's description, exactly Redress's
   * policy and no grant. Anyone who can make keys in the account can make one that looks alike; one with a grant (which
   * no policy shows) could let another principal read the trail's logs, and one with imported or external key
   * material could stop their delivery, so neither is ever taken up. A key whose policy keeps the account out
   * (AccessDeniedException) cannot be one Redress made, nor can one deleted since it was listed (NotFoundException).
   */
  private static Optional<KeyMetadata> madeByRedress(Calls calls, String key, String policy) {
    Optional<KeyMetadata> alike = alike(calls, key, policy);
    if (alike.isEmpty()) {
      return alike;
    }
    // Not inside alike's catch: the account may read this key, so a refusal here is the remediator's role lacking
    // kms:ListGrants, which must fail the command rather than have it make another key on every replay.
    ListGrantsResponse grants = kms(calls, LIST_GRANTS).listGrants(r -> r.keyId(key).limit(1));
    return grants.grants().isEmpty() && !Boolean.TRUE.equals(grants.truncated()) ? alike : Optional.empty();
  }

  /** {@code key}'s metadata when all but its grants are as Redress makes a key. */
  private static Optional<KeyMetadata> alike(Calls calls, String key, String policy) {
    try {
      KeyMetadata metadata = kms(calls, DESCRIBE_KEY).describeKey(r -> r.keyId(key)).keyMetadata();
      if (!DESCRIPTION.equals(metadata.description()) || metadata.keyState() != KeyState.ENABLED
          || metadata.keyManager() != KeyManagerType.CUSTOMER || metadata.origin() != OriginType.AWS_KMS
          || metadata.keySpec() != KeySpec.SYMMETRIC_DEFAULT || metadata.customKeyStoreId() != null
          || Boolean.TRUE.equals(metadata.multiRegion())) {
        return Optional.empty();
      }
      String its = kms(calls, GET_KEY_POLICY).getKeyPolicy(r -> r.keyId(key).policyName("default")).policy();
      return samePolicy(its, policy) ? Optional.of(metadata) : Optional.empty();
    } catch (SdkException e) {
      if (errorCode(e).filter(code -> code.equals("AccessDeniedException") || code.equals("NotFoundException"))
          .isEmpty()) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /** KMS may hand a policy back laid out differently; the JSON compared is what counts. */
  private static boolean samePolicy(String its, String ours) {
    try {
      return JSON.readTree(its).equals(JSON.readTree(ours));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** The key lives in the trail's home region, where alone the trail can be changed to use it. */
  private static KmsClient kms(Calls calls, String permission) {
    return calls.call(permission).client(KmsClient::builder, home(calls, calls.target()));
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
