package io.redress.exceptions;

import io.redress.operations.InvalidInput;
import io.redress.operations.Printable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a scope a person wrote ({@code control=S3.8;resource=arn:aws:s3:::acme-site}, fields in any order) and
 * refuses one that could never apply: an unknown field, a malformed value, or a combination of fields no finding
 * is ever looked up by ({@link ExceptionScope#candidateKeys}), which would otherwise sit on the topic looking
 * approved while excepting nothing.
 */
public final class ScopeSyntax {

  static final List<String> FIELDS = List.of("account", "region", "control", "resource", "tag");

  /** The combinations {@link ExceptionScope#candidateKeys} looks up, as sets of field names. */
  static final List<Set<String>> SHAPES = List.of(
      Set.of("control", "resource"), Set.of("resource"), Set.of("control", "tag"), Set.of("tag"),
      Set.of("account", "region", "control"), Set.of("account", "control"), Set.of("account", "region"),
      Set.of("account"), Set.of("region", "control"), Set.of("region"), Set.of("control"));

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Pattern CONTROL = Pattern.compile("[A-Za-z][A-Za-z0-9]*\\.\\d+");
  private static final int MAX_VALUE_LENGTH = 2048;
  /**
   * A resource as findings name it once read: an ARN, an account as Security Hub names it, or one of the ids no ARN
   * can be built from that findings keep (a DB instance's DbiResourceId from Config, an access key id). Every other
   * bare id (a bucket, a security group, an instance) is made an ARN when a finding is read, and an IAM user's unique
   * id ({@code AIDA...}) is rejected there, so an exception written on either would except nothing.
   */
  private static final Pattern RESOURCE = Pattern.compile(
      "arn:.+|AWS::::Account:\\d{12}|AWS::IAM::AccessKey:A[KS]IA[A-Z0-9]{12,124}|db-[A-Z0-9]{26}|A[KS]IA[A-Z0-9]{12,124}");

  /**
   * A DB instance or snapshot ARN with an upper-case letter in its identifier. RDS keeps identifiers in lower case
   * whatever case they were created in, and findings' are read so, so an exception written this way would match
   * nothing.
   */
  private static final Pattern RDS_UPPER_CASE = Pattern.compile("arn:[^:]*:rds:[^:]*:[^:]*:(db|snapshot):.*[A-Z].*");

  /**
   * An EBS snapshot ARN without its account, as IAM's documentation writes one. EC2.1 checks each public snapshot of
   * the account under the ARN Redress writes for every EC2 resource, account included, so one written this way would
   * match nothing.
   */
  private static final Pattern SNAPSHOT_WITHOUT_ACCOUNT = Pattern.compile("arn:([^:]*):ec2:([^:]*)::snapshot/(.*)");

  private ScopeSyntax() {
  }

  /**
   * A scope to publish an exception under.
   *
   * @throws InvalidInput naming what is wrong
   */
  public static ExceptionScope parse(String text) {
    return of(fields(text), true);
  }

  /**
   * A scope naming an exception that may already be published (to show, revoke or trace it): its resource need not
   * be one findings name, as one published before that was checked must still be revocable.
   *
   * @throws InvalidInput naming what is wrong
   */
  public static ExceptionScope named(String text) {
    return of(fields(text), false);
  }

  private static Map<String, String> fields(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInput("scope: empty; write it as name=value pairs joined by ';', e.g."
          + " control=S3.8;resource=arn:aws:s3:::my-bucket");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : text.strip().split(";", -1)) {
      int equals = part.indexOf('=');
      if (equals < 0) {
        throw new InvalidInput("scope: '" + Printable.of(part) + "' is not name=value");
      }
      String name = part.substring(0, equals).strip();
      if (fields.containsKey(name)) {
        throw new InvalidInput("scope: " + Printable.of(name) + " is given twice");
      }
      fields.put(name, part.substring(equals + 1).strip());
    }
    return fields;
  }

  /** @param fields field name to value, as a YAML map gives them, of a scope to publish */
  public static ExceptionScope of(Map<String, String> fields) {
    return of(fields, true);
  }

  private static ExceptionScope of(Map<String, String> fields, boolean toPublish) {
    for (Map.Entry<String, String> field : fields.entrySet()) {
      check(field.getKey(), field.getValue(), toPublish);
    }
    Set<String> shape = fields.keySet();
    if (!SHAPES.contains(shape)) {
      throw new InvalidInput("scope: no finding is ever matched by " + String.join("+", new TreeSet<>(shape))
          + "; use one of " + shapes());
    }
    return new ExceptionScope(fields.get("account"), fields.get("region"), fields.get("control"),
        fields.get("resource"), fields.get("tag"));
  }

  private static void check(String name, String value, boolean toPublish) {
    if (!FIELDS.contains(name)) {
      throw new InvalidInput("scope: unknown field '" + Printable.of(name) + "'; the fields are "
          + String.join(", ", FIELDS));
    }
    if (value == null || value.isBlank()) {
      throw new InvalidInput("scope: " + name + " is empty");
    }
    String problem = switch (name) {
      case "account" -> ACCOUNT.matcher(value).matches() ? null : "is not a 12-digit account id";
      case "region" -> REGION.matcher(value).matches() ? null : "is not a region like us-east-1";
      case "control" -> CONTROL.matcher(value).matches() ? null : "is not a control id like S3.8";
      case "tag" -> value.indexOf('=') > 0 ? null : "is not key=value";
      case "resource" -> !toPublish || RESOURCE.matcher(value).matches() ? null
          : "is not how a finding names a resource: findings name it by its ARN (a bucket arn:aws:s3:::<name>, a"
          + " security group arn:aws:ec2:<region>:<account>:security-group/<id>, a DB instance"
          + " arn:aws:rds:<region>:<account>:db:<name>) or an account AWS::::Account:<account>, so this exception would"
          + " except nothing";
      default -> null;
    };
    if (problem == null && name.equals("resource") && toPublish && RDS_UPPER_CASE.matcher(value).matches()) {
      problem = "names a DB instance or snapshot in upper case: RDS keeps its identifiers in lower case, and so do"
          + " findings once read, so this exception would except nothing; write it "
          + Printable.of(value.toLowerCase(Locale.ROOT));
    }
    if (problem == null && name.equals("resource") && toPublish && SNAPSHOT_WITHOUT_ACCOUNT.matcher(value).matches()) {
      problem = "names an EBS snapshot without its account: EC2.1 matches each snapshot by"
          + " arn:<partition>:ec2:<region>:<account>:snapshot/<id>, so this exception would except nothing; write the"
          + " snapshot's account between the last two ':'";
    }
    // Tag values may hold spaces (AWS allows them); nothing else may.
    String spacesAllowed = name.equals("tag") ? value.replace(' ', '_') : value;
    if (problem == null && (value.length() > MAX_VALUE_LENGTH || !Printable.isPlain(spacesAllowed))) {
      problem = "must be at most " + MAX_VALUE_LENGTH + " characters without control characters, ';' or"
          + (name.equals("tag") ? " whitespace other than spaces" : " whitespace");
    }
    if (problem != null) {
      throw new InvalidInput("scope: " + name + " '" + Printable.of(value) + "' " + problem);
    }
  }

  private static String shapes() {
    return String.join(", ", SHAPES.stream()
        .map(shape -> String.join("+", FIELDS.stream().filter(shape::contains).toList())).toList());
  }
}
