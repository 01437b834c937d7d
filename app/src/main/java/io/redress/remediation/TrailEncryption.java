package io.redress.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
 * <p>The alias proves nothing by itself: whoever may create or update an alias in the account can point it at a key
 * whose policy or grants let another account read the logs, or whose material they can delete to stop their delivery.
 * So the aliased key is used only when it passes every check a key Redress made passes ({@link #unfit}); otherwise
 * the command fails before the trail is changed, naming the key and what is wrong with it.
 *
 * <p>KMS has no idempotent CreateKey, so the alias is the commit point: it is set last, once the key is whole. A key
 * that passes those checks and that no run has aliased yet was left by a run stopped between CreateKey and
 * CreateAlias (a crash, a throttle), and a replay takes it up instead of making another. Two commands for two trails
 * of one account and region may still each make a key at once; the one whose CreateAlias comes second uses the
 * alias's key, checked alike, and its own stays unused: the result's message names it for a person to delete. The
 * role is not given kms:ScheduleKeyDeletion to clean up after itself: that permission cannot be narrowed to Redress's
 * keys in the generated policy, and would let the remediator destroy every key of the account.
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

  /**
   * Why a key may not encrypt a trail's logs, found by {@link #unfit}.
   *
   * @param why what is wrong with the key, or which call could not read it and AWS's answer
   * @param remedy what a person can do so that Redress encrypts with it or makes its own
   */
  private record Unfit(String why, String remedy) {
  }

  private static final String REPOINT = "Make the key as Redress makes it, point the alias at the key Redress made"
      + " (kms:UpdateAlias), or delete the alias (kms:DeleteAlias) for Redress to make its own";
  private static final String LET_READ = "Redress encrypts a trail only with a key it has checked: let the remediator"
      + " read the key, its policy and its grants (kms:DescribeKey, kms:GetKeyPolicy, kms:ListGrants), or point the"
      + " alias at a key it may read";
  private static final String AGAIN = "Redress encrypts a trail only with a key it has checked: run the remediation"
      + " again once KMS answers";

  /** One way a key is as Redress makes it, and how to say that a key is not, with why it counts. */
  private record Requirement(Predicate<KeyMetadata> met, Function<KeyMetadata, String> unmet) {
  }

  private static final List<Requirement> AS_REDRESS_MAKES = List.of(
      new Requirement(key -> key.keyState() == KeyState.ENABLED,
          key -> "it is not enabled (its state is " + key.keyStateAsString() + "), so CloudTrail cannot write with it"),
      new Requirement(key -> key.keyManager() == KeyManagerType.CUSTOMER,
          key -> "it is not customer managed (its key manager is " + key.keyManagerAsString() + ")"),
      new Requirement(key -> key.origin() == OriginType.AWS_KMS,
          key -> "its key material was not made by KMS (its origin is " + key.originAsString() + ", not AWS_KMS),"
              + " so whoever holds the material can delete it and stop the logs' delivery"),
      new Requirement(key -> key.keySpec() == KeySpec.SYMMETRIC_DEFAULT,
          key -> "it is not a symmetric key (its key spec is " + key.keySpecAsString() + ")"),
      new Requirement(key -> key.customKeyStoreId() == null,
          key -> "it is in the custom key store " + key.customKeyStoreId() + ", whose material is held outside KMS"),
      new Requirement(key -> !Boolean.TRUE.equals(key.multiRegion()),
          key -> "it is a multi-Region key, whose material its replicas in other Regions share"),
      new Requirement(key -> DESCRIPTION.equals(key.description()),
          key -> "its description is not Redress's (\"" + key.description() + "\")"));

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
        ROTATE, LiveTags.TRAIL_TAGS);
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

  /**
   * The aliased key is checked as the change would check it; without one, the keys a stopped run may have left are
   * read as the change would read them before making a key.
   */
  @Override
  protected void rehearse(Calls calls, State before) {
    String policy = keyPolicy(calls.resource().getPartition(), calls.session().account());
    Optional<KeyMetadata> aliased = aliased(calls);
    if (aliased.isPresent()) {
      checked(calls, aliased.get(), policy);
    } else {
      leftUnaliased(calls, policy);
    }
  }

  @Override
  protected void change(Calls calls, State before) {
    String key = key(calls);
    cloudTrail(calls, UPDATE).updateTrail(r -> r.name(calls.target()).kmsKeyId(key));
  }

  private static String key(Calls calls) {
    String policy = keyPolicy(calls.resource().getPartition(), calls.session().account());
    Optional<KeyMetadata> aliased = aliased(calls);
    if (aliased.isPresent()) {
      return checked(calls, aliased.get(), policy);
    }
    // KMS refuses a policy that would not let the caller itself call kms:PutKeyPolicy later (its lockout safety
    // check), and the remediator is not given that permission: it would let it rewrite any key's policy. The check is
    // bypassed because the policy can lock no one out: its first statement gives the account kms:*, so the account's
    // administrators keep the key through IAM.
    String key = leftUnaliased(calls, policy).orElseGet(() -> kms(calls, CREATE_KEY)
        .createKey(r -> r.description(DESCRIPTION).policy(policy).bypassPolicyLockoutSafetyCheck(true))
        .keyMetadata().arn());
    onceFound(calls, () -> kms(calls, ROTATE).enableKeyRotation(r -> r.keyId(key)));
    try {
      onceFound(calls, () -> kms(calls, CREATE_ALIAS).createAlias(r -> r.aliasName(ALIAS).targetKeyId(key)));
      return key;
    } catch (SdkException e) {
      if (errorCode(e).filter("AlreadyExistsException"::equals).isEmpty()) {
        throw e;
      }
    }
    KeyMetadata theirs;
    try {
      theirs = aliasedKey(calls);
    } catch (SdkException e) {
      // Unread, the alias may still name this very key: two runs can both take up the key a stopped run left.
      leftUnused(calls, key, " unless the alias points to it: if it does not, schedule its deletion");
      throw undescribed(calls, e);
    }
    if (theirs.arn().equals(key)) {
      return key;
    }
    leftUnused(calls, key, ": schedule its deletion");
    return checked(calls, theirs, policy);
  }

  /**
   * Makes {@code call} on a key just made, again while KMS answers that it finds no such key: KMS is eventually
   * consistent, and may not find a key for a few seconds after CreateKey. A key still not found once the run's
   * settling is spent fails the command with KMS's answer.
   */
  private static void onceFound(Calls calls, Runnable call) {
    Optional<SdkException> notFound = calls.settling().until(() -> {
      try {
        call.run();
        return Optional.<SdkException>empty();
      } catch (SdkException e) {
        if (errorCode(e).filter("NotFoundException"::equals).isEmpty()) {
          throw e;
        }
        return Optional.of(e);
      }
    }, Optional::isEmpty).answer();
    if (notFound.isPresent()) {
      throw notFound.get();
    }
  }

  /** Tells whoever reads the result, and the log, of the key this command readied for an alias another set first. */
  private static void leftUnused(Calls calls, String key, String whatToDo) {
    log.warn("another command made {} first, so the KMS key {} made for it is unused{}", ALIAS, key, whatToDo);
    calls.note("another command set " + ALIAS + " first, so the KMS key " + key + " this command readied is unused"
        + whatToDo);
  }

  /** The key the alias names, or empty when there is no alias yet; a key KMS will not describe fails the command. */
  private static Optional<KeyMetadata> aliased(Calls calls) {
    try {
      return Optional.of(aliasedKey(calls));
    } catch (SdkException e) {
      if (errorCode(e).filter("NotFoundException"::equals).isEmpty()) {
        throw undescribed(calls, e);
      }
      return Optional.empty();
    }
  }

  private static KeyMetadata aliasedKey(Calls calls) {
    return kms(calls, DESCRIBE_KEY).describeKey(r -> r.keyId(ALIAS)).keyMetadata();
  }

  /**
   * The alias names a key KMS will not describe to the remediator, such as one whose policy keeps the account out:
   * unchecked, it is not used, and without its ARN the message can name only the alias.
   */
  private static Refused undescribed(Calls calls, SdkException e) {
    return refusal(calls, "the KMS key " + ALIAS + " points to",
        new Unfit("could not be checked: " + DESCRIBE_KEY + " failed: " + describe(e), remedy(e)));
  }

  /**
   * What to do about a key that could not be checked: a refusal (KMS's AccessDeniedException, or a 403 from whatever
   * stands in front of it) is the remediator's permissions or the key's policy; anything else (a key deleted
   * meanwhile, throttling past the SDK's retries, an outage) calls for another run.
   */
  private static String remedy(SdkException e) {
    boolean refused = errorCode(e).filter("AccessDeniedException"::equals).isPresent()
        || e instanceof AwsServiceException service && service.statusCode() == 403;
    return refused ? LET_READ : AGAIN;
  }

  private static Refused refusal(Calls calls, String key, Unfit unfit) {
    return new Refused(key + " " + unfit.why() + "; " + calls.target() + " was not changed. " + unfit.remedy());
  }

  /**
   * The aliased key's ARN once it has proved to be a key Redress made. Whoever may set an alias in the account may
   * point {@value #ALIAS} at a key of theirs, so the alias alone proves nothing; unlike a key left without it, which
   * is simply passed over, the aliased key is used or the command fails, and a key that could not be checked fails it
   * too.
   */
  private static String checked(Calls calls, KeyMetadata aliased, String policy) {
    Optional<Unfit> unfit;
    try {
      unfit = unfit(calls, aliased, policy);
    } catch (SdkException e) {
      unfit = Optional.of(new Unfit("could not be checked: " + calls.last() + " failed: " + describe(e), remedy(e)));
    }
    if (unfit.isPresent()) {
      throw refusal(calls, "the KMS key " + aliased.arn() + " that " + ALIAS + " points to", unfit.get());
    }
    return aliased.arn();
  }

  /** The oldest enabled key a run made before it stopped short of its alias, if any. */
  private static Optional<String> leftUnaliased(Calls calls, String policy) {
    return kms(calls, LIST_KEYS).listKeysPaginator(r -> { }).keys().stream()
        .map(entry -> madeByRedress(calls, entry.keyArn(), policy)).flatMap(Optional::stream)
        .min(Comparator.comparing(KeyMetadata::creationDate)).map(KeyMetadata::arn);
  }

  /**
   * {@code key}'s metadata when it is a key Redress made (see {@link #unfit}). A key that keeps the account out
   * (AccessDeniedException) cannot be one, nor can one deleted since it was listed (NotFoundException): both are
   * passed over.
   */
  private static Optional<KeyMetadata> madeByRedress(Calls calls, String key, String policy) {
    KeyMetadata metadata;
    try {
      metadata = kms(calls, DESCRIBE_KEY).describeKey(r -> r.keyId(key)).keyMetadata();
    } catch (SdkException e) {
      if (!keptOut(e)) {
        throw e;
      }
      return Optional.empty();
    }
    return unfit(calls, metadata, policy).isEmpty() ? Optional.of(metadata) : Optional.empty();
  }

  /**
   * Why {@code key} is not, in every way that counts, a key Redress made; empty when it is: an enabled customer
   * managed symmetric key of this region, its material made by KMS, with Redress's description, exactly Redress's
   * policy and no grant. Anyone who can make keys in the account can make one that looks alike; one with a grant
   * (which no policy shows) could let another principal read the trail's logs, and one with imported or external key
   * material could stop their delivery. A policy KMS refuses to show (AccessDeniedException) or a key deleted since it
   * was described (NotFoundException) leaves the key unchecked, which is unfit too; any other error, kms:ListGrants
   * refused among them, is thrown.
   */
  private static Optional<Unfit> unfit(Calls calls, KeyMetadata key, String policy) {
    List<String> unmet = AS_REDRESS_MAKES.stream().filter(requirement -> !requirement.met().test(key))
        .map(requirement -> requirement.unmet().apply(key)).toList();
    if (!unmet.isEmpty()) {
      return Optional.of(new Unfit("is not one Redress made: " + String.join("; ", unmet), REPOINT));
    }
    String its;
    try {
      its = kms(calls, GET_KEY_POLICY).getKeyPolicy(r -> r.keyId(key.arn()).policyName("default")).policy();
    } catch (SdkException e) {
      if (!keptOut(e)) {
        throw e;
      }
      return Optional.of(new Unfit("could not be checked: " + GET_KEY_POLICY + " failed: " + describe(e), remedy(e)));
    }
    if (!samePolicy(its, policy)) {
      return Optional.of(new Unfit("is not one Redress made: its policy differs from the one Redress writes, so it"
          + " may let others use the key", REPOINT));
    }
    // Not inside the catch above: the account may read this key, so a refusal here is the remediator's role lacking
    // kms:ListGrants, which must fail the command rather than have it make another key on every replay.
    ListGrantsResponse grants = kms(calls, LIST_GRANTS).listGrants(r -> r.keyId(key.arn()).limit(1));
    if (!grants.grants().isEmpty() || Boolean.TRUE.equals(grants.truncated())) {
      return Optional.of(new Unfit("is not one Redress made: it has a grant (kms:ListGrants), which may let a"
          + " principal its policy does not name use it", REPOINT));
    }
    return Optional.empty();
  }

  private static boolean keptOut(SdkException e) {
    return errorCode(e).filter(code -> code.equals("AccessDeniedException") || code.equals("NotFoundException"))
        .isPresent();
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

  /** The policy Redress gives its key, exactly: a key whose policy differs in any way is not one Redress made. */
  static String keyPolicy(String partition, String account) {
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
