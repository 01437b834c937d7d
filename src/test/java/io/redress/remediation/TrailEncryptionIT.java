package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.EnableKeyRotationRequest;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * CloudTrail.2 against one moto server: a trail is encrypted with Redress's own KMS key, found by its alias or made
 * once, and only with a key that proves to be one Redress made, whoever set the alias.
 */
class TrailEncryptionIT {

  private static final String ACTION = "cloudtrail-kms-encryption";
  private static final String OUTSIDER = "444455556666";
  private static final String REDRESS_POLICY = TrailEncryption.keyPolicy("aws", MotoCloud.ACCOUNT);
  /** The policy of a key whose owner keeps everyone else from even describing it. */
  private static final String NO_ONE_DESCRIBES = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
      + "\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"kms:DescribeKey\"],\"Resource\":\"*\"}]}";

  private static MotoCloud cloud;

  @BeforeAll
  static void start() throws Exception {
    cloud = MotoCloud.start();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @BeforeEach
  void emptyCloud() throws Exception {
    cloud.reset();
  }

  @Test
  void aTrailIsEncryptedWithRedresssOwnKeyMadeOnceWithRotation() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");

      assertFixedThenCompliant(arn);

      String key = aliasedKey(kms);
      assertThat(keyOf(trails, arn)).isEqualTo(key);
      assertThat(kms.getKeyRotationStatus(r -> r.keyId(key)).keyRotationEnabled()).isTrue();
    }
  }

  /**
   * Real KMS refuses a key policy that would not let the caller call kms:PutKeyPolicy later, which the remediator may
   * not; moto does not check, so the request is checked as sent: it skips the check, and its policy gives the account
   * kms:*, which is what makes skipping it safe.
   */
  @Test
  void theKeyIsMadeWithoutKmssLockoutCheckForItsPolicyLeavesTheAccountInControl() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder)) {
      String arn = trail(trails, "management");
      List<CreateKeyRequest> sent = new CopyOnWriteArrayList<>();
      ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
          if (context.request() instanceof CreateKeyRequest createKey) {
            sent.add(createKey);
          }
        }
      };

      RemediationResult result = cloud.run(ACTION, trailResource(arn), false, Clock.systemUTC(), List.of(recorder));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(sent).singleElement().satisfies(createKey -> {
        assertThat(createKey.bypassPolicyLockoutSafetyCheck()).isTrue();
        assertThat(createKey.policy()).isEqualTo(REDRESS_POLICY).contains("{\"Sid\":\"AccountAdministers\","
            + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + MotoCloud.ACCOUNT + ":root\"},"
            + "\"Action\":\"kms:*\",\"Resource\":\"*\"}");
      });
      assertThat(CatalogueDocs.remediatorPolicy(RemediationCatalogue.discover())).doesNotContain("kms:PutKeyPolicy");
    }
  }

  /**
   * KMS is eventually consistent and may answer NotFoundException about a key it has just made: rotation and the
   * alias are asked for again, and the key made once is the one used.
   */
  @Test
  void rotationAndTheAliasAreAskedForAgainWhileKmsDoesNotYetFindTheKeyJustMade() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      Runnable notFoundYet = () -> {
        throw KmsException.builder().message("Invalid keyId").statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotFoundException").build()).build();
      };

      RemediationResult result = cloud.run(ACTION, trailResource(arn), false, Clock.systemUTC(), List.of(
          BeforeRequest.first(EnableKeyRotationRequest.class, notFoundYet),
          BeforeRequest.first(CreateAliasRequest.class, notFoundYet)));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(result.getApiCalls()).containsSubsequence(TrailEncryption.CREATE_KEY, TrailEncryption.ROTATE,
          TrailEncryption.ROTATE, TrailEncryption.CREATE_ALIAS, TrailEncryption.CREATE_ALIAS, TrailEncryption.UPDATE);
      String key = aliasedKey(kms);
      assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyArn).containsExactly(key);
      assertThat(keyOf(trails, arn)).isEqualTo(key);
      assertThat(kms.getKeyRotationStatus(r -> r.keyId(key)).keyRotationEnabled()).isTrue();
    }
  }

  @Test
  void aTrailIsEncryptedWithTheKeyRedressMadeForAnotherOnceTheKeyIsCheckedAgain() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String first = trail(trails, "management");
      assertFixedThenCompliant(first);
      // Beside the first, already encrypted: the second is judged by its own state, not by its neighbour's.
      String second = trail(trails, "audit");

      RemediationResult result = assertFixedThenCompliant(second);

      assertThat(result.getApiCalls()).containsSubsequence(TrailEncryption.DESCRIBE_KEY,
          TrailEncryption.GET_KEY_POLICY, TrailEncryption.LIST_GRANTS, TrailEncryption.UPDATE);
      assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyArn).containsExactly(aliasedKey(kms));
      assertThat(keyOf(trails, second)).isEqualTo(aliasedKey(kms));
    }
  }

  @Test
  void anAliasedKeyMadeExactlyAsRedressMakesItIsUsed() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      String aliased = aliasedLookalike(kms, REDRESS_POLICY);

      assertFixedThenCompliant(arn);

      assertThat(keyOf(trails, arn)).isEqualTo(aliased);
    }
  }

  @Test
  void anAliasedKeyWhosePolicyAlsoLetsAnotherAccountDecryptIsRefusedAndTheTrailLeftUnencrypted() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      String outsiderDecrypts = REDRESS_POLICY.substring(0, REDRESS_POLICY.length() - 2)
          + ",{\"Sid\":\"Outsider\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + OUTSIDER
          + ":root\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}";
      String aliased = aliasedLookalike(kms, outsiderDecrypts);

      assertRefusedAndUnencrypted(trails, arn, aliased, "its policy differs from the one Redress writes");
    }
  }

  @Test
  void aDryRunChecksTheAliasedKeyAsTheChangeWouldAndFailsWhereTheChangeWouldBeRefused() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      String aliased = aliasedLookalike(kms, REDRESS_POLICY);
      RemediationResult fit = cloud.run(ACTION, trailResource(arn), true, Clock.systemUTC());
      assertThat(fit.getStatus()).as(fit.getMessage()).isEqualTo(RemediationStatus.DRY_RUN);
      kms.disableKey(r -> r.keyId(keyId(kms, aliased)));

      RemediationResult unfit = cloud.run(ACTION, trailResource(arn), true, Clock.systemUTC());

      assertThat(unfit.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(unfit.getMessage()).startsWith("dry run: the KMS key " + aliased + " that " + TrailEncryption.ALIAS
          + " points to is not one Redress made: ").contains("it is not enabled (its state is Disabled)",
          arn + " was not changed");
      assertThat(unfit.getApiCalls()).contains(TrailEncryption.DESCRIBE_KEY)
          .doesNotContain(TrailEncryption.CREATE_KEY, TrailEncryption.UPDATE);
      assertThat(keyOf(trails, arn)).isNull();
    }
  }

  @Test
  void aDryRunReadsTheKeysAStoppedRunMayHaveLeftAsTheChangeWouldAndFailsWhereItWould() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      kms.createKey(r -> r.description(TrailEncryption.DESCRIPTION).policy(REDRESS_POLICY));
      cloud.denyTheRemediator(TrailEncryption.LIST_GRANTS);

      RemediationResult planned = cloud.run(ACTION, trailResource(arn), true, Clock.systemUTC());
      RemediationResult real = cloud.run(ACTION, trailResource(arn));

      assertThat(planned.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(planned.getMessage()).startsWith("dry run: " + TrailEncryption.LIST_GRANTS + " on " + arn
          + " failed: ");
      assertThat(real.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(real.getMessage()).startsWith(TrailEncryption.LIST_GRANTS + " on " + arn + " failed: ");
      assertThat(kms.listKeys().keys()).as("no key made").hasSize(1);
    }
  }

  @Test
  void aDryRunOnATrailThatIsGoneSaysSoAsADryRun() {
    String gone = "arn:aws:cloudtrail:us-east-1:" + MotoCloud.ACCOUNT + ":trail/gone";

    RemediationResult planned = cloud.run(ACTION, trailResource(gone), true, Clock.systemUTC());

    assertThat(planned.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(planned.getMessage()).isEqualTo("dry run: no trail " + gone + " was found in its home region");
  }

  @Test
  void anAliasedKeyThatIsDisabledIsRefused() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      String aliased = aliasedLookalike(kms, REDRESS_POLICY);
      kms.disableKey(r -> r.keyId(keyId(kms, aliased)));

      assertRefusedAndUnencrypted(trails, arn, aliased, "it is not enabled (its state is Disabled)");
    }
  }

  @Test
  void anAliasedKeyPendingDeletionIsRefused() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      String aliased = aliasedLookalike(kms, REDRESS_POLICY);
      kms.scheduleKeyDeletion(r -> r.keyId(keyId(kms, aliased)).pendingWindowInDays(7));

      assertRefusedAndUnencrypted(trails, arn, aliased, "it is not enabled (its state is PendingDeletion)");
    }
  }

  @Test
  void anAliasedKeyWithAGrantIsRefused() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      String aliased = aliasedLookalike(kms, REDRESS_POLICY);
      kms.createGrant(r -> r.keyId(aliased).granteePrincipal("arn:aws:iam::" + OUTSIDER + ":root")
          .operations(GrantOperation.DECRYPT));

      assertRefusedAndUnencrypted(trails, arn, aliased, "it has a grant (kms:ListGrants)");
    }
  }

  @Test
  void anAliasedKeyWhoseMaterialWasImportedIsRefused() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      String aliased = kms.createKey(r -> r.description(TrailEncryption.DESCRIPTION).policy(REDRESS_POLICY)
          .origin(OriginType.EXTERNAL)).keyMetadata().arn();
      kms.createAlias(r -> r.aliasName(TrailEncryption.ALIAS).targetKeyId(aliased));

      assertRefusedAndUnencrypted(trails, arn, aliased, "its origin is EXTERNAL, not AWS_KMS");
    }
  }

  /** Its policy (kms:GetKeyPolicy) or its grants (kms:ListGrants) unread, the aliased key is never taken as fine. */
  @ParameterizedTest
  @ValueSource(strings = {TrailEncryption.GET_KEY_POLICY, TrailEncryption.LIST_GRANTS})
  void anAliasedKeyTheRemediatorMayNotFullyReadFailsTheCommand(String denied) {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      String aliased = aliasedLookalike(kms, REDRESS_POLICY);
      cloud.denyTheRemediator(denied);

      RemediationResult result = cloud.run(ACTION, trailResource(arn));

      assertUncheckedAndUnencrypted(trails, arn, aliased, result, denied);
    }
  }

  @Test
  void anAliasedKeyWhosePolicyKeepsTheAccountFromDescribingItFailsTheCommandNamingTheAlias() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      aliasedLookalike(kms, NO_ONE_DESCRIBES);

      RemediationResult result = cloud.run(ACTION, trailResource(arn));

      assertUndescribedAndUnencrypted(trails, arn, result);
    }
  }

  @Test
  void aKeyLeftByARunStoppedBeforeItsAliasIsTakenUpNotMadeAgain() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      stopBeforeTheAlias(arn);

      assertFixedThenCompliant(arn);

      String key = aliasedKey(kms);
      assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyArn).containsExactly(key);
      assertThat(keyOf(trails, arn)).isEqualTo(key);
    }
  }

  @Test
  void aKeyLeftWithoutItsAliasThatSomeoneGaveAGrantIsNotTakenUp() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      stopBeforeTheAlias(arn);
      String left = kms.listKeys().keys().get(0).keyArn();
      kms.createGrant(r -> r.keyId(left).granteePrincipal("arn:aws:iam::" + OUTSIDER + ":root")
          .operations(GrantOperation.DECRYPT));

      assertFixedThenCompliant(arn);

      assertThat(keyOf(trails, arn)).isEqualTo(aliasedKey(kms)).isNotEqualTo(left);
    }
  }

  @Test
  void aKeyOnlyDescribedAsRedresssIsNotTakenUp() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      String lookalike = kms.createKey(r -> r.description(TrailEncryption.DESCRIPTION)).keyMetadata().arn();

      assertFixedThenCompliant(arn);

      assertThat(keyOf(trails, arn)).isEqualTo(aliasedKey(kms)).isNotEqualTo(lookalike);
    }
  }

  @Test
  void theKeyOfAnAliasAnotherCommandMadeMeanwhileIsUsedAndTheResultNamesTheKeyLeftUnused() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      // On the same trail: a finding of a second source.
      ExecutionInterceptor anotherCommandFirst = BeforeRequest.first(CreateKeyRequest.class, () -> {
        RemediationResult other = cloud.run(ACTION, trailResource(arn));
        assertThat(other.getStatus()).as(other.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      });

      RemediationResult result = cloud.run(ACTION, trailResource(arn), false, Clock.systemUTC(),
          List.of(anotherCommandFirst));

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      String theirs = aliasedKey(kms);
      assertThat(keyOf(trails, arn)).isEqualTo(theirs);
      assertThat(result.getMessage()).contains(unusedKeyNote(the(kms, key -> !key.equals(theirs))));
    }
  }

  @Test
  void aKeySomeoneAliasedJustBeforeRedressCouldIsCheckedTooAndTheResultNamesTheKeyLeftUnused() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      AtomicReference<String> theirs = new AtomicReference<>();
      ExecutionInterceptor someoneFirst = BeforeRequest.first(CreateAliasRequest.class, () -> theirs.set(aliasedLookalike(kms,
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
              + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")));

      RemediationResult result = cloud.run(ACTION, trailResource(arn), false, Clock.systemUTC(),
          List.of(someoneFirst));

      assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getMessage()).contains("the KMS key " + theirs.get() + " that " + TrailEncryption.ALIAS
          + " points to is not one Redress made: its policy differs", unusedKeyNote(the(kms,
          key -> !key.equals(theirs.get()))));
      assertThat(keyOf(trails, arn)).isNull();
    }
  }

  @Test
  void aKeySomeoneAliasedJustBeforeRedressCouldThatCannotBeDescribedFailsTheCommandAndTheResultNamesTheKeyReadied() {
    try (CloudTrailClient trails = cloud.client(CloudTrailClient::builder);
        KmsClient kms = cloud.client(KmsClient::builder)) {
      String arn = trail(trails, "management");
      AtomicReference<String> theirs = new AtomicReference<>();
      ExecutionInterceptor someoneFirst = BeforeRequest.first(CreateAliasRequest.class,
          () -> theirs.set(aliasedLookalike(kms, NO_ONE_DESCRIBES)));

      RemediationResult result = cloud.run(ACTION, trailResource(arn), false, Clock.systemUTC(),
          List.of(someoneFirst));

      assertUndescribedAndUnencrypted(trails, arn, result);
      String readied = the(kms, key -> !key.equals(theirs.get()));
      assertThat(result.getMessage()).contains("another command set " + TrailEncryption.ALIAS + " first, so the KMS"
          + " key " + readied + " this command readied is unused unless the alias points to it: if it does not,"
          + " schedule its deletion");
    }
  }

  private static String unusedKeyNote(String key) {
    return "another command set " + TrailEncryption.ALIAS + " first, so the KMS key " + key
        + " this command readied is unused: schedule its deletion";
  }

  /** The one key of the region {@code which} picks. */
  private static String the(KmsClient kms, Predicate<String> which) {
    List<String> keys = kms.listKeys().keys().stream().map(KeyListEntry::keyArn).filter(which).toList();
    assertThat(keys).hasSize(1);
    return keys.get(0);
  }

  private static void assertRefusedAndUnencrypted(CloudTrailClient trails, String trail, String aliased,
      String why) {
    RemediationResult result = cloud.run(ACTION, trailResource(trail));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("the KMS key " + aliased + " that " + TrailEncryption.ALIAS
        + " points to is not one Redress made: ").contains(why, trail + " was not changed",
        "point the alias at the key Redress made (kms:UpdateAlias)", "delete the alias (kms:DeleteAlias)");
    assertThat(result.getApiCalls()).doesNotContain(TrailEncryption.UPDATE);
    assertThat(keyOf(trails, trail)).isNull();
  }

  private static void assertUncheckedAndUnencrypted(CloudTrailClient trails, String trail, String aliased,
      RemediationResult result, String refused) {
    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("the KMS key " + aliased + " that " + TrailEncryption.ALIAS
        + " points to could not be checked: " + refused + " failed: ").contains("Status Code: 403",
        trail + " was not changed", "Redress encrypts a trail only with a key it has checked");
    assertThat(result.getApiCalls()).doesNotContain(TrailEncryption.UPDATE);
    assertThat(keyOf(trails, trail)).isNull();
  }

  private static void assertUndescribedAndUnencrypted(CloudTrailClient trails, String trail,
      RemediationResult result) {
    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("the KMS key " + TrailEncryption.ALIAS + " points to could not be"
        + " checked: " + TrailEncryption.DESCRIBE_KEY + " failed: AccessDeniedException").contains(
        trail + " was not changed", "let the remediator read the key, its policy and its grants (kms:DescribeKey,"
            + " kms:GetKeyPolicy, kms:ListGrants)");
    assertThat(result.getApiCalls()).doesNotContain(TrailEncryption.UPDATE);
    assertThat(keyOf(trails, trail)).isNull();
  }

  /** A key with Redress's description and {@code policy} that the account's administrator aliased; its ARN. */
  private static String aliasedLookalike(KmsClient kms, String policy) {
    String key = kms.createKey(r -> r.description(TrailEncryption.DESCRIPTION).policy(policy)).keyMetadata().arn();
    kms.createAlias(r -> r.aliasName(TrailEncryption.ALIAS).targetKeyId(key));
    return key;
  }

  /** Runs CloudTrail.2 on the trail until KMS refuses its CreateAlias: it leaves a whole key without the alias. */
  private static void stopBeforeTheAlias(String trail) {
    RemediationResult stopped = cloud.run(ACTION, trailResource(trail), false, Clock.systemUTC(),
        List.of(BeforeRequest.first(CreateAliasRequest.class, () -> {
          throw KmsException.builder().message("Rate exceeded")
              .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build();
        })));
    assertThat(stopped.getStatus()).as(stopped.getMessage()).isEqualTo(RemediationStatus.FAILED);
  }

  /** moto finds a key by its id alone in DisableKey and ScheduleKeyDeletion. */
  private static String keyId(KmsClient kms, String key) {
    return kms.describeKey(r -> r.keyId(key)).keyMetadata().keyId();
  }

  private static String aliasedKey(KmsClient kms) {
    return kms.describeKey(r -> r.keyId(TrailEncryption.ALIAS)).keyMetadata().arn();
  }

  /** Picked out by ARN: moto's DescribeTrails answers every trail of the region, whatever the names asked for. */
  private static String keyOf(CloudTrailClient trails, String trail) {
    return trails.describeTrails(r -> r.trailNameList(trail)).trailList().stream()
        .filter(each -> each.trailARN().equals(trail)).findFirst().orElseThrow().kmsKeyId();
  }

  private static Resource trailResource(String trail) {
    return MotoCloud.resource("AwsCloudTrailTrail", trail);
  }

  /** A logging single-Region trail writing to the bucket trail-logs, made on first use; its ARN. */
  private static String trail(CloudTrailClient trails, String name) {
    try (S3Client s3 = cloud.client(S3Client::builder)) {
      if (s3.listBuckets().buckets().stream().noneMatch(bucket -> bucket.name().equals("trail-logs"))) {
        s3.createBucket(r -> r.bucket("trail-logs"));
      }
    }
    String arn = trails.createTrail(r -> r.name(name).s3BucketName("trail-logs")).trailARN();
    trails.startLogging(r -> r.name(arn));
    return arn;
  }

  private static RemediationResult assertFixedThenCompliant(String trail) {
    RemediationResult first = cloud.run(ACTION, trailResource(trail));
    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(first.getBefore()).isNotEqualTo(first.getAfter());
    RemediationResult again = cloud.run(ACTION, trailResource(trail));
    assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    return first;
  }
}
