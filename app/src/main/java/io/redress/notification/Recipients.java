package io.redress.notification;

import io.redress.config.EmailAddresses;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.notification.CreatorLookup.Creator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides who hears about a finding: its creator when one is known, can be taught and has an address, else the
 * security contact (always, for a threat). A principal becomes an address the way Cloud Custodian's mailer does it:
 * an IAM user's address tag, when it has one that holds an email address ({@link UserAddresses}); else an assumed
 * role's session name or an IAM user's name that is an email address is used as it is; any other name gets the
 * configured domain ({@code alice} becomes {@code alice@example.com}); without a domain it cannot be mailed. An
 * address the mail channels could not send to ({@code john.@example.com}, from a user named {@code john.}), or one
 * outside the recipient domains when they are configured, is no address: the next candidate is tried, and at last
 * the security contact, who is told of the first address passed over for its domain.
 */
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
  /** The name a person acts under: an IAM user's name, an assumed role's session name, a federated user's name. */
  private static final Pattern PERSON_NAME = Pattern.compile(
      "arn:aws[a-z-]*:(?:iam::\\d{12}:user/(?:.*/)?|sts::\\d{12}:assumed-role/[^/]+/|sts::\\d{12}:federated-user/)"
          + "([^/]+)");
  /** An AWS service acting for itself ({@code cloudformation.amazonaws.com}), as CloudTrail's invokedBy names it. */
  private static final Pattern AWS_SERVICE = Pattern.compile("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?");
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

  /** Where a principal's own address is kept, e.g. an IAM user's tag. */
  @FunctionalInterface
  public interface UserAddresses {
    /** The tag's value for this principal, if the principal has one; empty for anything but an IAM user. */
    Optional<String> tagOf(String principal);

    UserAddresses NONE = principal -> Optional.empty();
  }

  private final CreatorLookup creators;
  private final String securityContact;
  private final Optional<String> emailDomain;
  private final UserAddresses userAddresses;
  private final List<String> recipientDomains;

  public Recipients(CreatorLookup creators, String securityContact) {
    this(creators, securityContact, Optional.empty());
  }

  public Recipients(CreatorLookup creators, String securityContact, Optional<String> emailDomain) {
    this(creators, securityContact, emailDomain, UserAddresses.NONE);
  }

  public Recipients(CreatorLookup creators, String securityContact, Optional<String> emailDomain,
      UserAddresses userAddresses) {
    this(creators, securityContact, emailDomain, userAddresses, List.of());
  }

  /** @param recipientDomains the only domains a creator is mailed at, lower case; empty: any */
  public Recipients(CreatorLookup creators, String securityContact, Optional<String> emailDomain,
      UserAddresses userAddresses, List<String> recipientDomains) {
    this.creators = creators;
    this.securityContact = securityContact;
    this.emailDomain = emailDomain;
    this.userAddresses = userAddresses;
    this.recipientDomains = List.copyOf(recipientDomains);
  }

  /**
   * @param isCreator false when the message goes to the security contact instead
   * @param foundBy how the creator was found, as a phrase a lesson can show; null for the security contact
   * @param passedOver for the security contact, the creator whose address was outside the recipient domains and who
   *     would otherwise have been mailed; null when there was none
   */
  public record Recipient(String address, boolean isCreator, String foundBy, PassedOver passedOver) {
    public Recipient(String address, boolean isCreator, String foundBy) {
      this(address, isCreator, foundBy, null);
    }
  }

  /**
   * A creator's address outside the recipient domains: the security contact hears of it, since it may be a real
   * owner's other address, or the address of whoever set the tag or named the role session hoping for the lesson.
   *
   * @param foundBy how that creator was found, as a phrase a lesson can show
   */
  public record PassedOver(String address, String foundBy) {
  }

  /**
   * A threat goes to the security contact, never to whoever the finding names: the principal of a threat (the user of
   * a compromised access key, say) may be the attacker, who must not be told what was detected.
   */
  public Recipient ofLesson(Finding finding) {
    if (finding.getKind() == FindingKind.THREAT) {
      return securityTeam();
    }
    PassedOver passedOver = null;
    // An iterator, so that a later source (an API call) is asked only when every earlier candidate was refused.
    for (Iterator<Creator> candidates = creators.candidates(finding).iterator(); candidates.hasNext(); ) {
      Creator creator = candidates.next();
      Optional<String> address = addressOf(creator.identity().strip());
      if (address.isPresent() && mayBeMailed(address.get())) {
        return new Recipient(address.get(), true, creator.foundBy());
      }
      if (address.isPresent() && passedOver == null) {
        passedOver = new PassedOver(address.get(), creator.foundBy());
      }
    }
    return new Recipient(securityContact, false, null, passedOver);
  }

  public Recipient securityTeam() {
    return new Recipient(securityContact, false, null);
  }

  /**
   * Whether a creator's address is in the recipient domains, when they are configured: whoever can tag a resource or
   * name a role session chooses it, and must not have a lesson about the resource's weakness sent wherever they like.
   */
  private boolean mayBeMailed(String address) {
    String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    return recipientDomains.isEmpty() || recipientDomains.contains(domain);
  }

  /** The address of a principal, email or user name; empty for the root user, AWS services and unmailable names. */
  private Optional<String> addressOf(String identity) {
    String name;
    if (identity.startsWith("arn:")) {
      if (!canBeCreator(identity)) {
        return Optional.empty();
      }
      Matcher person = PERSON_NAME.matcher(identity);
      if (!person.matches()) {
        return Optional.empty(); // a role itself (not a session of it) names no person
      }
      Optional<String> tagged = userAddresses.tagOf(identity).map(String::strip).filter(EmailAddresses::isAddress);
      if (tagged.isPresent()) {
        return tagged;
      }
      name = person.group(1);
    } else if (AWS_SERVICE.matcher(identity).matches()) {
      return Optional.empty();
    } else {
      name = identity;
    }
    if (EmailAddresses.isAddress(name)) {
      return Optional.of(name);
    }
    return USER_NAME.matcher(name).matches()
        ? emailDomain.map(domain -> name + "@" + domain).filter(EmailAddresses::isAddress) : Optional.empty();
  }

  static boolean canBeCreator(String principal) {
    return PERSON_OR_ROLE.matcher(principal).matches()
        && !SERVICE_LINKED_ROLE.matcher(principal).matches();
  }
}
