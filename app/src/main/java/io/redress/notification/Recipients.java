package io.redress.notification;

import io.redress.contract.Finding;
import java.util.Optional;
import java.util.regex.Pattern;

/** Decides who hears about a finding: its creator when one is known and can be taught, else the security contact. */
public final class Recipients {

  /** IAM users and roles, and the sessions of assumed roles and federated users: principals a person acts through. */
  private static final Pattern PERSON_OR_ROLE = Pattern.compile(
      "arn:aws[a-z-]*:(iam::\\d{12}:(user|role)/.+|sts::\\d{12}:(assumed-role|federated-user)/.+)");
  /**
   * Service-linked roles are created and used by AWS services themselves; nobody there can learn a lesson. The root
   * user ({@code arn:aws:iam::<id>:root}) and service principals ({@code s3.amazonaws.com}) fail the pattern above.
   */
  private static final Pattern SERVICE_LINKED_ROLE = Pattern.compile(
      "arn:aws[a-z-]*:(iam::\\d{12}:role/aws-service-role/.+|sts::\\d{12}:assumed-role/AWSServiceRoleFor.+)");

  private final CreatorLookup creators;
  private final String securityContact;

  public Recipients(CreatorLookup creators, String securityContact) {
    this.creators = creators;
    this.securityContact = securityContact;
  }

  /**
   * @param isCreator false when the message goes to the security contact instead
   * @param foundBy how the creator was found, as a phrase a lesson can show; null for the security contact
   */
  public record Recipient(String address, boolean isCreator, String foundBy) {
  }

  public Recipient ofLesson(Finding finding) {
    Optional<String> creator = creators.creatorOf(finding).map(String::strip).filter(Recipients::canBeCreator);
    return creator.map(arn -> new Recipient(arn, true, "the finding names who made the change"))
        .orElseGet(this::securityTeam);
  }

  public Recipient securityTeam() {
    return new Recipient(securityContact, false, null);
  }

  static boolean canBeCreator(String principal) {
    return PERSON_OR_ROLE.matcher(principal).matches()
        && !SERVICE_LINKED_ROLE.matcher(principal).matches();
  }
}
