package io.redress.notification;

import static io.redress.notification.TestNotifications.ALICE;
import static io.redress.notification.TestNotifications.SECURITY_CONTACT;
import static io.redress.notification.TestNotifications.breakerTripped;
import static io.redress.notification.TestNotifications.finding;
import static io.redress.notification.TestNotifications.lesson;
import static io.redress.notification.TestNotifications.renderer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigException;
import io.redress.config.ConfigLoader;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.Outcome;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecipientsTest {

  private final NotificationRenderer renderer = renderer();

  private String recipientOfLessonWithActor(String actor) {
    return renderer.render(lesson(finding("S3.8").setActor(actor).build(), Outcome.REMEDIATE)).recipient();
  }

  @Test
  void anIamUserIsMailedAtTheirNameInTheConfiguredDomain() {
    assertThat(recipientOfLessonWithActor(ALICE)).isEqualTo("alice@example.com");
  }

  @Test
  void anAssumedRoleSessionNamedByAnEmailAddressIsMailedThere() {
    String session = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/bob@example.com";

    assertThat(recipientOfLessonWithActor(session)).isEqualTo("bob@example.com");
  }

  /**
   * Whoever can tag a resource or name a role session chooses the address: with an email domain set, and no
   * recipient domains, a lesson goes to that domain alone, and an address elsewhere is passed over.
   */
  @Test
  void byDefaultAnAddressOutsideTheEmailDomainIsPassedOverForTheNextCandidate() {
    Finding.Builder taggedElsewhere = finding("S3.8")
        .setActor("arn:aws:sts::111122223333:assumed-role/Developer/mallory@attacker.example");
    taggedElsewhere.getResource().setTags(java.util.Map.of("owner", "Carol@EXAMPLE.com"));

    assertThat(renderer.render(lesson(taggedElsewhere.build(), Outcome.REMEDIATE)).recipient())
        .isEqualTo("Carol@EXAMPLE.com");

    taggedElsewhere.getResource().setTags(java.util.Map.of("owner", "carol@example.com.attacker.example"));
    assertThat(renderer.render(lesson(taggedElsewhere.build(), Outcome.REMEDIATE)).recipient())
        .isEqualTo(SECURITY_CONTACT);
  }

  /** A relay may route {@code a%evil.example@example.com} to evil.example (Postfix's percent hack, on by default). */
  @Test
  void anAddressRoutingOnThroughAPercentSignIsNoAddressSoTheLessonGoesToTheSecurityContact() {
    Finding.Builder routed = finding("S3.8").setActor(null);
    routed.getResource().setTags(java.util.Map.of("owner", "carol%attacker.example@example.com"));

    assertThat(renderer.render(lesson(routed.build(), Outcome.REMEDIATE)).recipient()).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void configuredRecipientDomainsAreTheOnlyOnesMailedAndAnEmptyListMailsAny() {
    String corp = "arn:aws:sts::111122223333:assumed-role/Developer/bob@corp.example";
    String elsewhere = "arn:aws:sts::111122223333:assumed-role/Developer/bob@other.example";

    NotificationRenderer twoDomains = new NotificationRenderer(ConfigLoader.fromYaml("""
        notifications:
          security-contact: security@example.com
          email-domain: example.com
          recipient-domains: [example.com, corp.example]
        """, java.util.Map.of()).notifications());
    NotificationRenderer anyDomain = new NotificationRenderer(ConfigLoader.fromYaml("""
        notifications: {security-contact: security@example.com, recipient-domains: []}
        """, java.util.Map.of()).notifications());

    assertThat(twoDomains.recipientOf(lesson(finding("S3.8").setActor(corp).build(), Outcome.REMEDIATE)).address())
        .isEqualTo("bob@corp.example");
    assertThat(twoDomains.recipientOf(lesson(finding("S3.8").setActor(elsewhere).build(), Outcome.REMEDIATE))
        .address()).isEqualTo("security@example.com");
    assertThat(anyDomain.recipientOf(lesson(finding("S3.8").setActor(elsewhere).build(), Outcome.REMEDIATE))
        .address()).isEqualTo("bob@other.example");
  }

  /**
   * The security contact is told which address was passed over and why, escaped for each form's markup (an address
   * holds no character Slack reads as markup, but an apostrophe is one HTML escapes).
   */
  @Test
  void theSecurityContactHearsOfTheAddressPassedOverForItsDomainEscapedInEveryForm() {
    Finding.Builder tagged = finding("S3.8").setActor("arn:aws:iam::111122223333:root");
    tagged.getResource().setTags(java.util.Map.of("owner", "o'brien@attacker.example"));

    Message message = renderer.render(lesson(tagged.build(), Outcome.REMEDIATE));

    assertThat(message.recipient()).isEqualTo(SECURITY_CONTACT);
    assertThat(message.body()).contains("o'brien@attacker.example (because the resource's owner tag names its"
        + " owner)").contains("notifications.recipient-domains");
    assertThat(message.html()).contains("o&#39;brien@attacker.example").doesNotContain("o'brien");
    assertThat(message.slack()).contains("o'brien@attacker.example").contains("notifications.recipient-domains");
  }

  @Test
  void aCreatorInTheRecipientDomainsAfterOneOutsideThemHearsNothingOfIt() {
    Finding.Builder tagged = finding("S3.8")
        .setActor("arn:aws:sts::111122223333:assumed-role/Developer/mallory@attacker.example");
    tagged.getResource().setTags(java.util.Map.of("owner", "carol"));

    Message message = renderer.render(lesson(tagged.build(), Outcome.REMEDIATE));

    assertThat(message.recipient()).isEqualTo("carol@example.com");
    assertThat(message.body()).doesNotContain("attacker.example");
  }

  @Test
  void aRecipientDomainThatIsNotOneIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("notifications: {recipient-domains: [\"@example.com\"]}",
        java.util.Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.recipient-domains: '@example.com' is not a mail domain");
  }

  @Test
  void aRoleItselfNamesNoPersonSoTheSecurityContactIsTaught() {
    assertThat(recipientOfLessonWithActor("arn:aws:iam::111122223333:role/deploy-pipeline"))
        .isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void withoutADomainAUserNameCannotBeMailedAndTheSecurityContactIsTaught() {
    Recipients recipients = new Recipients(CreatorLookup.findingActor(), SECURITY_CONTACT, Optional.empty());

    assertThat(recipients.ofLesson(finding("S3.8").setActor(ALICE).build()).address()).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void theFirstSourceWithAnAddressWinsAndTheLessonSaysWhichItWas() {
    Recipients recipients = new Recipients(CreatorLookup.findingActor().then(CreatorLookup.tags(
        java.util.List.of("owner", "created-by"))), SECURITY_CONTACT, Optional.of("example.com"));
    Finding.Builder rootActorWithTags = finding("S3.8").setActor("arn:aws:iam::111122223333:root");
    rootActorWithTags.getResource().setTags(java.util.Map.of("created-by", "carol", "owner", "dave@example.org"));

    Recipients.Recipient recipient = recipients.ofLesson(rootActorWithTags.build());

    assertThat(recipient.address()).isEqualTo("dave@example.org");
    assertThat(recipient.foundBy()).isEqualTo("the resource's owner tag names its owner");
  }

  @Test
  void theAccountRootIsNeverTaughtTheSecurityContactIs() {
    assertThat(recipientOfLessonWithActor("arn:aws:iam::111122223333:root")).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aServiceLinkedRoleIsNeverTaughtTheSecurityContactIs() {
    assertThat(recipientOfLessonWithActor(
        "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"))
        .isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aServiceLinkedRoleSessionIsNeverTaughtTheSecurityContactIs() {
    assertThat(recipientOfLessonWithActor(
        "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling"))
        .isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void anAwsServicePrincipalIsNeverTaughtTheSecurityContactIs() {
    assertThat(recipientOfLessonWithActor("cloudformation.amazonaws.com")).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aFindingWithoutAnActorIsTaughtToTheSecurityContact() {
    assertThat(recipientOfLessonWithActor(null)).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aBreakerAlertGoesToTheSecurityContact() {
    assertThat(renderer.render(breakerTripped("global", 101, 100)).recipient()).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aCreatorFromAnotherLookupIsStillRefusedWhenItIsTheRoot() {
    Recipients recipients = new Recipients(
        found -> java.util.stream.Stream.of(new CreatorLookup.Creator("arn:aws:iam::111122223333:root", "a test")),
        SECURITY_CONTACT, Optional.of("example.com"));

    assertThat(recipients.ofLesson(finding("S3.8").build()).address()).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void aThreatIsReportedToTheSecurityContactNeverToThePrincipalItNames() {
    Finding threat = finding("S3.8").setKind(FindingKind.THREAT).setActor(ALICE).build();

    assertThat(renderer.render(lesson(threat, Outcome.NOTIFY_ONLY)).recipient()).isEqualTo(SECURITY_CONTACT);
    assertThat(recipientOfLessonWithActor(ALICE)).isEqualTo("alice@example.com");
  }

  @Test
  void aNameThatMakesNoAddressAMailServerTakesPassesTheLessonToTheNextCandidate() {
    Recipients recipients = new Recipients(CreatorLookup.findingActor().then(CreatorLookup.tags(
        java.util.List.of("owner", "created-by"))), SECURITY_CONTACT, Optional.of("example.com"));
    Finding.Builder userEndingInADot = finding("S3.8").setActor("arn:aws:iam::111122223333:user/john.");
    userEndingInADot.getResource().setTags(java.util.Map.of("owner", "a@b..com", "created-by", "carol"));

    Recipients.Recipient recipient = recipients.ofLesson(userEndingInADot.build());

    assertThat(recipient.address()).isEqualTo("carol@example.com");
    assertThat(recipient.foundBy()).isEqualTo("the resource's created-by tag names its owner");
  }

  @Test
  void aSessionNamedByAnAddressAMailServerRefusesIsTaughtToTheSecurityContact() {
    assertThat(recipientOfLessonWithActor("arn:aws:sts::111122223333:assumed-role/Developer/x..y@corp.example"))
        .isEqualTo(SECURITY_CONTACT);
    assertThat(recipientOfLessonWithActor("arn:aws:iam::111122223333:user/.x")).isEqualTo(SECURITY_CONTACT);
  }

  @Test
  void anActorOfAnotherAccountThanTheResourcesIsNeverTaughtTheNextSourceIs() {
    Recipients recipients = new Recipients(CreatorLookup.findingActor().then(CreatorLookup.tags(
        java.util.List.of("owner"))), SECURITY_CONTACT, Optional.of("example.com"));
    Finding.Builder otherAccountsActor = finding("S3.8").setActor("arn:aws:iam::999999999999:user/bob");

    assertThat(recipients.ofLesson(otherAccountsActor.build()).address()).isEqualTo(SECURITY_CONTACT);

    otherAccountsActor.getResource().setTags(java.util.Map.of("owner", "carol"));
    assertThat(recipients.ofLesson(otherAccountsActor.build()).address()).isEqualTo("carol@example.com");
    assertThat(recipientOfLessonWithActor("arn:aws:sts::999999999999:assumed-role/Admin/bob@corp.example"))
        .isEqualTo(SECURITY_CONTACT);
  }
}
