package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.ControlParameters;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PasswordPolicy;
import software.amazon.awssdk.services.iam.model.UpdateAccessKeyRequest;
import software.amazon.awssdk.services.kms.KmsClient;

/** The IAM and KMS remediations against moto. */
class IamKmsControlsIT {

  /** moto stamps keys with the present; the executor judges them from 100 days on. */
  private static final Clock LATER = MotoCloud.at(Instant.now().plus(Duration.ofDays(100)));

  private static MotoCloud cloud;
  private static IamClient iam;
  private static KmsClient kms;

  @BeforeAll
  static void start() throws Exception {
    cloud = MotoCloud.start();
    iam = cloud.client(IamClient::builder);
    kms = cloud.client(KmsClient::builder);
  }

  @AfterAll
  static void stop() {
    iam.close();
    kms.close();
    cloud.close();
  }

  @BeforeEach
  void emptyCloud() throws Exception {
    cloud.reset();
  }

  @Test
  void anOldAccessKeyIsDeactivatedNeverDeleted() {
    String key = userWithKey("alice");

    RemediationResult first = cloud.run("iam-deactivate-unrotated-access-keys", user("alice"), false, LATER);
    RemediationResult again = cloud.run("iam-deactivate-unrotated-access-keys", user("alice"), false, LATER);

    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(again.getStatus()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(iam.listAccessKeys(r -> r.userName("alice")).accessKeyMetadata())
        .singleElement().satisfies(metadata -> {
          assertThat(metadata.accessKeyId()).isEqualTo(key);
          assertThat(metadata.statusAsString()).isEqualTo("Inactive");
        });
  }

  @Test
  void aCommandForAnotherAccountWithoutARoleLeavesTheSameNamedUserOfTheExecutorsOwnAccountAlone() {
    userWithKey("deploy");
    Resource theirs = Resource.newBuilder(user("deploy")).setAccount("222222222222")
        .setId("arn:aws:iam::222222222222:user/deploy").build();

    RemediationResult result = cloud.run("iam-deactivate-unrotated-access-keys", theirs, false, LATER);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).isEqualTo("refused: no role is configured for account 222222222222 in "
        + "aws.accounts, and the executor's own identity is in account " + MotoCloud.ACCOUNT
        + ", so nothing was read or changed");
    assertThat(result.getApiCalls()).isEmpty();
    assertThat(iam.listAccessKeys(r -> r.userName("deploy")).accessKeyMetadata().get(0).statusAsString())
        .isEqualTo("Active");
  }

  /**
   * User names are unique whatever the path, so a finding naming the user under another path names the same user: an
   * exception published on the user's real ARN would not cover it, and nothing may be changed.
   */
  @Test
  void aFindingNamingAUserUnderTheWrongPathChangesNothingForEitherControl() {
    iam.createUser(r -> r.userName("breakglass").path("/admins/"));
    iam.createAccessKey(r -> r.userName("breakglass"));
    String named = "arn:aws:iam::" + MotoCloud.ACCOUNT + ":user/breakglass";
    String real = "arn:aws:iam::" + MotoCloud.ACCOUNT + ":user/admins/breakglass";

    for (String action : List.of("iam-deactivate-unrotated-access-keys", "iam-deactivate-unused-access-keys")) {
      RemediationResult result = cloud.run(action, MotoCloud.resource("AwsIamUser", named), false, LATER);

      assertThat(result.getStatus()).as(action).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getMessage()).as(action).isEqualTo("the finding names " + named + ", but that user is " + real
          + "; an exception on either would not cover the other, so nothing was changed");
      assertThat(result.getApiCalls()).as(action).containsExactly("iam:GetUser");
    }
    assertThat(iam.listAccessKeys(r -> r.userName("breakglass")).accessKeyMetadata().get(0).statusAsString())
        .isEqualTo("Active");

    RemediationResult right = cloud.run("iam-deactivate-unrotated-access-keys", MotoCloud.resource("AwsIamUser", real),
        false, LATER);

    assertThat(right.getStatus()).as(right.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(iam.listAccessKeys(r -> r.userName("breakglass")).accessKeyMetadata().get(0).statusAsString())
        .isEqualTo("Inactive");
  }

  @Test
  void aUserMovedToAnotherPathDuringTheRunIsNotReportedAsLeftUnchanged() {
    userWithKey("henry");
    BeforeRequest moved = BeforeRequest.first(UpdateAccessKeyRequest.class,
        () -> iam.updateUser(r -> r.userName("henry").newPath("/admins/")));

    RemediationResult result = cloud.run("iam-deactivate-unrotated-access-keys", user("henry"), false, LATER,
        List.of(moved));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).endsWith(":user/admins/henry; an exception on either would not cover the other,"
        + " so nothing more was changed after the keys were deactivated");
  }

  @Test
  void aKeyYoungerThanNinetyDaysIsLeftActive() {
    userWithKey("bob");

    RemediationResult result = cloud.run("iam-deactivate-unrotated-access-keys", user("bob"));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(iam.listAccessKeys(r -> r.userName("bob")).accessKeyMetadata().get(0).statusAsString())
        .isEqualTo("Active");
  }

  @Test
  void aNeverUsedKeyOlderThanNinetyDaysIsDeactivatedForIam8() {
    userWithKey("carol");

    RemediationResult first = cloud.run("iam-deactivate-unused-access-keys", user("carol"), false, LATER);
    RemediationResult again = cloud.run("iam-deactivate-unused-access-keys", user("carol"), false, LATER);

    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(again.getStatus()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(iam.listAccessKeys(r -> r.userName("carol")).accessKeyMetadata().get(0).statusAsString())
        .isEqualTo("Inactive");
  }

  /** The first key was deactivated when the second's call failed: the result says so, and shows the keys after. */
  @Test
  void aChangeThatFailsHalfwaySaysWhatItHadAlreadyChanged() {
    userWithKey("frank");
    String second = iam.createAccessKey(r -> r.userName("frank")).accessKey().accessKeyId();
    AtomicInteger updates = new AtomicInteger();
    BeforeRequest secondDeleted = BeforeRequest.every(UpdateAccessKeyRequest.class, () -> {
      if (updates.incrementAndGet() == 2) {
        iam.listAccessKeys(r -> r.userName("frank")).accessKeyMetadata().stream()
            .filter(key -> key.statusAsString().equals("Active"))
            .forEach(key -> iam.deleteAccessKey(r -> r.userName("frank").accessKeyId(key.accessKeyId())));
      }
    });

    RemediationResult result = cloud.run("iam-deactivate-unrotated-access-keys", user("frank"), false, LATER,
        List.of(secondDeleted));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("iam:UpdateAccessKey on frank failed after part of the change was made"
        + " (iam:UpdateAccessKey):");
    assertThat(result.getAfter()).as("the keys as they were left").contains("Inactive").doesNotContain(second);
  }

  /**
   * AWS Config's iam-user-unused-credentials-check fails an unused console password as well as an unused key: the
   * keys are deactivated, the password is left to a person, and the result does not call the user fixed.
   */
  @Test
  void anUnusedConsolePasswordIsNamedAndLeftNotReportedCompliant() {
    userWithKey("grace");
    iam.createLoginProfile(r -> r.userName("grace").password("Correct-Horse-9"));

    RemediationResult dryRun = cloud.run("iam-deactivate-unused-access-keys", user("grace"), true, LATER);
    RemediationResult first = cloud.run("iam-deactivate-unused-access-keys", user("grace"), false, LATER);
    RemediationResult again = cloud.run("iam-deactivate-unused-access-keys", user("grace"), false, LATER);

    assertThat(dryRun.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(dryRun.getMessage()).startsWith("dry run: ").contains("would be deactivated, but the console password");
    assertThat(first.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(first.getMessage()).contains("were deactivated, but the console password of user grace has not been"
        + " used since").contains("aws iam delete-login-profile --user-name grace");
    assertThat(iam.listAccessKeys(r -> r.userName("grace")).accessKeyMetadata().get(0).statusAsString())
        .isEqualTo("Inactive");
    assertThat(again.getStatus()).as("still failed in AWS's eyes").isEqualTo(RemediationStatus.FAILED);
    assertThat(again.getMessage()).startsWith("the console password of user grace");
    assertThat(iam.getLoginProfile(r -> r.userName("grace")).loginProfile()).isNotNull();
  }

  @Test
  void aKeyExactlyAtTheConfiguredRotationAgeIsKeptAndOneDayOverIsDeactivated() {
    ControlParameters parameters = ConfigLoader.fromYaml("controls: {IAM.3: {mode: auto, max-access-key-age: P30D}}",
        Map.of()).policy().parameters();
    userWithKey("dave");
    Instant created = iam.listAccessKeys(r -> r.userName("dave")).accessKeyMetadata().get(0).createDate();

    RemediationResult atLimit = cloud.run(parameters, "iam-deactivate-unrotated-access-keys", user("dave"),
        MotoCloud.at(created.plus(Duration.ofDays(30))));
    RemediationResult dayOver = cloud.run(parameters, "iam-deactivate-unrotated-access-keys", user("dave"),
        MotoCloud.at(created.plus(Duration.ofDays(31))));

    assertThat(atLimit.getStatus()).as(atLimit.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(dayOver.getStatus()).as(dayOver.getMessage()).isEqualTo(RemediationStatus.APPLIED);
  }

  @Test
  void aKeyUnusedExactlyTheConfiguredTimeIsKeptAndOneDayOverIsDeactivated() {
    ControlParameters parameters = ConfigLoader.fromYaml(
        "controls: {IAM.8: {mode: auto, max-credential-usage-age: P45D}}", Map.of()).policy().parameters();
    userWithKey("erin");
    Instant created = iam.listAccessKeys(r -> r.userName("erin")).accessKeyMetadata().get(0).createDate();

    RemediationResult atLimit = cloud.run(parameters, "iam-deactivate-unused-access-keys", user("erin"),
        MotoCloud.at(created.plus(Duration.ofDays(45))));
    RemediationResult dayOver = cloud.run(parameters, "iam-deactivate-unused-access-keys", user("erin"),
        MotoCloud.at(created.plus(Duration.ofDays(46))));

    assertThat(atLimit.getStatus()).as(atLimit.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(dayOver.getStatus()).as(dayOver.getMessage()).isEqualTo(RemediationStatus.APPLIED);
  }

  @Test
  void aWeakPasswordPolicyIsStrengthenedAndItsOtherSettingsKept() {
    iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(12).maxPasswordAge(60).passwordReusePrevention(5)
        .requireNumbers(true));
    Resource account = MotoCloud.resource("AwsAccount", "AWS::::Account:" + MotoCloud.ACCOUNT);

    RemediationResult first = cloud.run("iam-password-policy", account);
    RemediationResult again = cloud.run("iam-password-policy", account);

    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(again.getStatus()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    PasswordPolicy policy = iam.getAccountPasswordPolicy().passwordPolicy();
    assertThat(policy.requireSymbols()).isTrue();
    assertThat(policy.requireUppercaseCharacters()).isTrue();
    assertThat(policy.minimumPasswordLength()).isEqualTo(12);
    assertThat(policy.maxPasswordAge()).isEqualTo(60);
    assertThat(policy.passwordReusePrevention()).isEqualTo(5);
  }

  /** Security Hub judges by IAM.7's parameters, and so must Redress: a policy meeting only the defaults still fails. */
  @Test
  void aPasswordPolicyIsJudgedAndStrengthenedByIam7sParametersKeepingWhatIsStricter() {
    ControlParameters parameters = ConfigLoader.fromYaml("""
        controls: {IAM.7: {mode: auto, minimum-password-length: 14, password-reuse-prevention: 24,
                   max-password-age: 90, require-symbols: false}}
        """, Map.of()).policy().parameters();
    iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(12).maxPasswordAge(60).passwordReusePrevention(5)
        .requireNumbers(true).requireSymbols(true).requireUppercaseCharacters(true).requireLowercaseCharacters(true));
    Resource account = MotoCloud.resource("AwsAccount", "AWS::::Account:" + MotoCloud.ACCOUNT);

    RemediationResult first = cloud.run(parameters, "iam-password-policy", account, Clock.systemUTC());
    RemediationResult again = cloud.run(parameters, "iam-password-policy", account, Clock.systemUTC());

    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    PasswordPolicy policy = iam.getAccountPasswordPolicy().passwordPolicy();
    assertThat(policy.minimumPasswordLength()).isEqualTo(14);
    assertThat(policy.passwordReusePrevention()).isEqualTo(24);
    assertThat(policy.maxPasswordAge()).as("60 days is stricter than 90: kept").isEqualTo(60);
    assertThat(policy.requireSymbols()).as("not required, but never loosened").isTrue();
  }

  @Test
  void anAccountWithoutPasswordPolicyGetsOne() {
    RemediationResult result = cloud.run("iam-password-policy",
        MotoCloud.resource("AwsAccount", "AWS::::Account:" + MotoCloud.ACCOUNT));

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(iam.getAccountPasswordPolicy().passwordPolicy().minimumPasswordLength()).isEqualTo(8);
  }

  @Test
  void keyRotationIsTurnedOn() {
    String arn = kms.createKey(r -> r.description("data")).keyMetadata().arn();
    Resource key = MotoCloud.resource("AwsKmsKey", arn);

    RemediationResult first = cloud.run("kms-key-rotation", key);
    RemediationResult again = cloud.run("kms-key-rotation", key);

    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(again.getStatus()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(arn)).keyRotationEnabled()).isTrue();
    assertThat(kms.describeKey(r -> r.keyId(arn)).keyMetadata().description()).isEqualTo("data");
  }

  @Test
  void anUnknownKeyFailsWithAwsErrorCode() {
    RemediationResult result = cloud.run("kms-key-rotation", MotoCloud.resource("AwsKmsKey",
        "arn:aws:kms:us-east-1:" + MotoCloud.ACCOUNT + ":key/00000000-0000-0000-0000-000000000000"));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).contains("kms:GetKeyRotationStatus", "NotFoundException");
  }

  private static String userWithKey(String name) {
    iam.createUser(r -> r.userName(name));
    return iam.createAccessKey(r -> r.userName(name)).accessKey().accessKeyId();
  }

  private static Resource user(String name) {
    return MotoCloud.resource("AwsIamUser", "arn:aws:iam::" + MotoCloud.ACCOUNT + ":user/" + name);
  }
}
