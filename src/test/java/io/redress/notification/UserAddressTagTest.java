package io.redress.notification;

import static io.redress.notification.TestNotifications.ALICE;
import static io.redress.notification.TestNotifications.SECURITY_CONTACT;
import static io.redress.notification.TestNotifications.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An IAM user's address tag comes before the domain rule, and only an email address in it counts. */
class UserAddressTagTest {

  private static String recipientOf(String actor, Recipients.UserAddresses tags) {
    return new Recipients(CreatorLookup.findingActor(), SECURITY_CONTACT, Optional.of("example.com"), tags)
        .ofLesson(finding("S3.8").setActor(actor).build()).address();
  }

  @Test
  void anIamUserWithAnAddressTagIsMailedThereRatherThanAtTheDomain() {
    assertThat(recipientOf(ALICE, principal -> Optional.of(" alice.smith@corp.example ")))
        .isEqualTo("alice.smith@corp.example");
  }

  @Test
  void aTagThatHoldsNoEmailAddressLeavesTheDomainRuleToDecide() {
    assertThat(recipientOf(ALICE, principal -> Optional.of("team payments"))).isEqualTo("alice@example.com");
  }

  @Test
  void aTagHoldingAnAddressAMailServerRefusesLeavesTheDomainRuleToDecide() {
    assertThat(recipientOf(ALICE, principal -> Optional.of("alice@corp..example"))).isEqualTo("alice@example.com");
  }

  @Test
  void aUserWithoutTheTagIsMailedAtTheDomain() {
    assertThat(recipientOf(ALICE, Recipients.UserAddresses.NONE)).isEqualTo("alice@example.com");
  }

  @Test
  void theRootUserIsNeverAskedForATag() {
    assertThat(recipientOf("arn:aws:iam::111122223333:root", principal -> {
      throw new AssertionError("asked for " + principal);
    })).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void theTagIsEmailByDefaultAndABlankKeySwitchesItOff() {
    assertThat(ConfigLoader.fromYaml("notifications: {}", Map.of()).notifications().addressTag()).contains("email");
    assertThat(ConfigLoader.fromYaml("notifications: {address-tag: mail}", Map.of()).notifications().addressTag())
        .contains("mail");
    assertThat(ConfigLoader.fromYaml("notifications: {address-tag: ''}", Map.of()).notifications().addressTag())
        .isEmpty();
  }
}
