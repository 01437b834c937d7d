package io.redress.resource;

import io.redress.contract.Resource;
import io.redress.resource.ResourceProblem.Field;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.arns.Arn;

/**
 * Checks that a resource a finding names is what its type says it is, before anything acts on it. The id ends up
 * in AWS API calls, in the key of every record about the resource, in lessons and in logs, so a finding on an
 * {@code AwsS3Bucket} whose id is {@code ../../etc/passwd} or {@code <script>} must never become a command.
 * <ul>
 *   <li>{@code AwsS3Bucket}: {@code arn:<partition>:s3:::<bucket>} or a bare bucket name, by S3's naming rules;</li>
 *   <li>{@code AwsEc2SecurityGroup}: {@code arn:<partition>:ec2:<region>:<account>:security-group/sg-...} or a bare
 *       {@code sg-} id with 8 or 17 hexadecimal digits;</li>
 *   <li>any other type: at most {@value #MAX_ID_LENGTH} characters, no whitespace, control characters, unpaired
 *       surrogates or any of {@value #FORBIDDEN}, no {@code ..} path segment.</li>
 * </ul>
 * An id starting {@code arn:} must parse as an ARN in the resource's partition; an ARN naming an account must name
 * the finding's account (else the executor would assume one account's role to act in another), and an ARN naming
 * a region must name the resource's region. The partition, account and region must have their AWS shapes (a
 * region becomes part of an endpoint host name), and tags AWS's limits.
 */
public final class ResourceIds {

  public static final Set<String> PARTITIONS =
      Set.of("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc");
  public static final int MAX_ID_LENGTH = 2048;
  public static final int MAX_TYPE_LENGTH = 256;
  public static final int MAX_TAGS = 64;
  public static final int MAX_TAG_KEY_LENGTH = 128;
  public static final int MAX_TAG_VALUE_LENGTH = 256;
  /** Characters no AWS identifier uses, and that markup, shells and template engines give a meaning to. */
  static final String FORBIDDEN = "<>\"'\\`{}|^";

  /** Region code prefixes outside the commercial partition ({@code us-isob-east-1} does not start {@code us-iso-}). */
  private static final Map<String, String> REGION_PREFIXES = Map.of("cn-", "aws-cn", "us-gov-", "aws-us-gov",
      "us-iso-", "aws-iso", "us-isob-", "aws-iso-b", "eu-isoe-", "aws-iso-e", "us-isof-", "aws-iso-f", "eusc-",
      "aws-eusc");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  /** us-east-1, us-gov-west-1, cn-north-1, eu-isoe-west-1, eusc-de-east-1: letters and hyphens, then a number. */
  private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(?:-[a-z]{2,10}){1,2}-[1-9][0-9]?");
  private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-(?:[0-9a-f]{8}|[0-9a-f]{17})");
  private static final String SECURITY_GROUP_RESOURCE = "security-group/";
  private static final Pattern PATH_SEPARATOR = Pattern.compile("[/:]");
  private static final String ACCOUNT_ID_PREFIX = "AWS::::Account:";
  private static final int MAX_OBJECT_KEY_LENGTH = 1024;

  private ResourceIds() {
  }

  /** The first thing wrong with {@code resource}, or empty when it may be acted on. */
  public static Optional<ResourceProblem> problem(Resource resource) {
    return shapeProblem(resource)
        .or(() -> typeProblem(resource.getType()))
        .or(() -> idProblem(resource).map(rule -> new ResourceProblem(Field.ID, resource.getId(), rule)))
        .or(() -> tagsProblem(resource.getTags()));
  }

  private static Optional<ResourceProblem> shapeProblem(Resource resource) {
    if (!PARTITIONS.contains(resource.getPartition())) {
      return Optional.of(new ResourceProblem(Field.PARTITION, resource.getPartition(),
          "not an AWS partition; one of " + String.join(", ", PARTITIONS.stream().sorted().toList())));
    }
    if (!ACCOUNT.matcher(resource.getAccount()).matches()) {
      return Optional.of(new ResourceProblem(Field.ACCOUNT, resource.getAccount(), "not a twelve-digit account id"));
    }
    if (!REGION.matcher(resource.getRegion()).matches()) {
      return Optional.of(new ResourceProblem(Field.REGION, resource.getRegion(),
          "not a region code such as us-east-1 or us-gov-west-1"));
    }
    String regionPartition = partitionOf(resource.getRegion());
    if (!regionPartition.equals(resource.getPartition())) {
      // the executor calls the region's endpoints whatever partition a finding names, so another partition would only
      // name the same resource in a spelling no exception or cool-down on it matches
      return Optional.of(new ResourceProblem(Field.PARTITION, resource.getPartition(),
          "not the partition of region " + resource.getRegion() + ", which is " + regionPartition));
    }
    return Optional.empty();
  }

  /** The partition a region code belongs to, by the prefixes AWS gives its partitions' regions. */
  static String partitionOf(String region) {
    for (Map.Entry<String, String> prefix : REGION_PREFIXES.entrySet()) {
      if (region.startsWith(prefix.getKey())) {
        return prefix.getValue();
      }
    }
    return "aws";
  }

  private static Optional<ResourceProblem> typeProblem(String type) {
    Optional<String> rule = type.length() > MAX_TYPE_LENGTH
        ? Optional.of("longer than " + MAX_TYPE_LENGTH + " characters")
        : identifierProblem(type);
    return rule.map(text -> new ResourceProblem(Field.TYPE, type, text));
  }

  private static Optional<String> idProblem(Resource resource) {
    String id = resource.getId();
    if (id.length() > MAX_ID_LENGTH) {
      return Optional.of("longer than " + MAX_ID_LENGTH + " characters");
    }
    return switch (resource.getType()) {
      case "AwsS3Bucket" -> isArn(id)
          ? arnProblem(resource, arn -> bucketArnProblem(arn, resource.getRegion()))
          : BucketNames.problem(id, resource.getRegion()).map(problem -> "not a valid S3 bucket name: " + problem);
      case "AwsEc2SecurityGroup" -> isArn(id)
          ? arnProblem(resource, ResourceIds::securityGroupArnProblem)
          : securityGroupIdProblem(id);
      case "AwsS3Object" -> isArn(id)
          ? arnProblem(resource, arn -> objectArnProblem(resource, arn))
          : Optional.of("not an ARN, but an AwsS3Object is named by its arn:<partition>:s3:::<bucket>/<key> ARN");
      case "AwsAccount" -> accountIdProblem(resource);
      default -> identifierProblem(id).or(() -> typedProblem(resource));
    };
  }

  private static Optional<String> typedProblem(Resource resource) {
    String id = resource.getId();
    TypedIds typed = TypedIds.BY_TYPE.get(resource.getType());
    if (typed == null) {
      return isArn(id) ? arnProblem(resource, arn -> Optional.empty()) : Optional.empty();
    }
    return isArn(id)
        ? arnProblem(resource, arn -> typed.arnProblem(resource.getType(), arn))
        : typed.bareIdProblem(resource.getType(), id);
  }

  /** Security Hub names an account {@code AWS::::Account:<account>}; a bare id must be the finding's account. */
  private static Optional<String> accountIdProblem(Resource resource) {
    String id = resource.getId();
    String account = id.startsWith(ACCOUNT_ID_PREFIX) ? id.substring(ACCOUNT_ID_PREFIX.length()) : id;
    return account.equals(resource.getAccount()) ? Optional.empty()
        : Optional.of("not the finding's account " + resource.getAccount() + ": expected " + ACCOUNT_ID_PREFIX
            + resource.getAccount() + " or the bare account id");
  }

  /**
   * An object key may hold almost anything, spaces and {@code ..} included (S3 keys are not paths); only what no
   * person should be shown unescaped, and what is not text, is refused.
   */
  private static Optional<String> objectArnProblem(Resource resource, Arn arn) {
    String path = arn.resourceAsString();
    int slash = path.indexOf('/');
    if (!arn.service().equals("s3") || arn.region().isPresent() || arn.accountId().isPresent() || slash < 1
        || slash == path.length() - 1) {
      return Optional.of("not an S3 object ARN: expected arn:<partition>:s3:::<bucket>/<key>");
    }
    String key = path.substring(slash + 1);
    if (key.length() > MAX_OBJECT_KEY_LENGTH) {
      return Optional.of("not an S3 object ARN: its key is longer than " + MAX_OBJECT_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || FORBIDDEN.indexOf(c) >= 0) {
        return Optional.of("not an S3 object ARN: its key holds " + Characters.describe(c));
      } else if (Characters.isUnpairedSurrogate(key, i)) {
        return Optional.of(unpairedSurrogateRule("not an S3 object ARN: its key holds", c));
      }
    }
    return BucketNames.problem(path.substring(0, slash), resource.getRegion())
        .map(problem -> "not an S3 object ARN, the bucket name is not valid: " + problem);
  }

  private static Optional<String> securityGroupIdProblem(String id) {
    return SECURITY_GROUP_ID.matcher(id).matches()
        ? Optional.empty()
        : Optional.of("not a security group id: expected sg- and 8 or 17 lowercase hexadecimal digits");
  }

  private static Optional<String> bucketArnProblem(Arn arn, String region) {
    if (!arn.service().equals("s3") || arn.region().isPresent() || arn.accountId().isPresent()) {
      return Optional.of("not an S3 bucket ARN: expected arn:<partition>:s3:::<bucket>, with no region or account");
    }
    return BucketNames.problem(arn.resourceAsString(), region)
        .map(problem -> "not an S3 bucket ARN, the bucket name is not valid: " + problem);
  }

  private static Optional<String> securityGroupArnProblem(Arn arn) {
    String resource = arn.resourceAsString();
    boolean isSecurityGroup = arn.service().equals("ec2") && arn.region().isPresent() && arn.accountId().isPresent()
        && resource.startsWith(SECURITY_GROUP_RESOURCE)
        && SECURITY_GROUP_ID.matcher(resource.substring(SECURITY_GROUP_RESOURCE.length())).matches();
    return isSecurityGroup ? Optional.empty() : Optional.of("not a security group ARN: expected arn:<partition>:ec2:"
        + "<region>:<account>:security-group/sg- and 8 or 17 lowercase hexadecimal digits");
  }

  /**
   * The service a resource of this type belongs to, as its ARN names it ({@code s3}, {@code ec2}); empty for a type
   * whose bare id Redress does not know.
   */
  public static Optional<String> service(String type) {
    return switch (type) {
      case "AwsS3Bucket", "AwsS3Object" -> Optional.of("s3");
      case "AwsEc2SecurityGroup" -> Optional.of("ec2");
      default -> Optional.ofNullable(TypedIds.BY_TYPE.get(type)).map(TypedIds::service);
    };
  }

  /**
   * The region a resource lives in, where it is changed: the one its ARN names for a type whose ARN may name another
   * region than the finding's (a multi-region trail is reported in every region it covers), else the finding's. What
   * is about one resource is keyed and paced by this region, so a trail reported from ten regions is one resource.
   */
  public static String homeRegion(Resource resource) {
    TypedIds typed = TypedIds.BY_TYPE.get(resource.getType());
    if (typed == null || !typed.regionMayDiffer()) {
      return resource.getRegion();
    }
    return arn(resource.getId()).flatMap(Arn::region).filter(region -> REGION.matcher(region).matches())
        .orElse(resource.getRegion());
  }

  /**
   * What an id names after its last {@code /}, or all of it when it has none: a bare id or name stays as it is, and an
   * ARN whose resource path ends in one gives it ({@code instance/i-…}, {@code security-group/sg-…}, an IAM user's
   * name under any path).
   */
  public static String lastPathSegment(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }

  /** {@code text} as an ARN; empty when it is none, however malformed. */
  public static Optional<Arn> arn(String text) {
    try {
      return Arn.tryFromString(text);
    } catch (IllegalArgumentException e) {
      // The SDK's parser throws, rather than answering empty, for some malformed ARNs (an empty resource after '/').
      return Optional.empty();
    }
  }

  /**
   * Parses the id as an ARN and checks it against the resource it claims to be (same partition, and the same
   * account and region wherever it names them), then by the rule of the resource's type.
   */
  private static Optional<String> arnProblem(Resource resource, Function<Arn, Optional<String>> typeRule) {
    Optional<Arn> parsed = arn(resource.getId());
    if (parsed.isEmpty()) {
      return Optional.of("not an ARN: expected arn:<partition>:<service>:<region>:<account>:<resource>");
    }
    Arn arn = parsed.get();
    if (!arn.partition().equals(resource.getPartition())) {
      return Optional.of("an ARN whose partition is not the resource's partition " + resource.getPartition());
    }
    TypedIds typed = TypedIds.BY_TYPE.get(resource.getType());
    boolean awsOwned = typed != null && typed.awsOwned() && arn.accountId().filter("aws"::equals).isPresent();
    if (!awsOwned && arn.accountId().filter(account -> !account.equals(resource.getAccount())).isPresent()) {
      return Optional.of("an ARN naming another account than the finding's account " + resource.getAccount()
          + "; acting on it would reach across accounts");
    }
    boolean regionMayDiffer = typed != null && typed.regionMayDiffer();
    if (arn.region().filter(region -> !region.equals(resource.getRegion())).isPresent()
        && !(regionMayDiffer && REGION.matcher(arn.region().get()).matches()
            && partitionOf(arn.region().get()).equals(arn.partition()))) {
      return Optional.of("an ARN whose region is not the resource's region " + resource.getRegion());
    }
    return typeRule.apply(arn);
  }

  /** What no identifier may hold: the characters that let an id break out of a path, a URL, markup or a template. */
  private static Optional<String> identifierProblem(String text) {
    if (text.isEmpty()) {
      return Optional.of("empty");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return Optional.of("it holds whitespace (" + Characters.describe(c) + ")");
      } else if (Character.isISOControl(c)) {
        return Optional.of("it holds the control character " + Characters.describe(c));
      } else if (Character.getType(c) == Character.FORMAT) {
        return Optional.of("it holds the invisible formatting character " + Characters.describe(c));
      } else if (FORBIDDEN.indexOf(c) >= 0) {
        return Optional.of("it holds " + Characters.describe(c) + ", which no identifier may hold (none of "
            + FORBIDDEN + ")");
      } else if (Characters.isUnpairedSurrogate(text, i)) {
        return Optional.of(unpairedSurrogateRule("it holds", c));
      }
    }
    for (String segment : PATH_SEPARATOR.split(text, -1)) {
      if (segment.equals("..")) {
        return Optional.of("it holds a '..' path segment");
      }
    }
    return Optional.empty();
  }

  private static Optional<ResourceProblem> tagsProblem(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      return Optional.of(new ResourceProblem(Field.TAGS, null,
          tags.size() + " tags, more than the " + MAX_TAGS + " a resource may have"));
    }
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      int keyLength = tag.getKey().length();
      if (keyLength == 0 || keyLength > MAX_TAG_KEY_LENGTH) {
        return Optional.of(new ResourceProblem(Field.TAG_KEY, tag.getKey(),
            "a key of " + keyLength + " characters; tag keys have 1 to " + MAX_TAG_KEY_LENGTH));
      }
      if (tag.getValue().length() > MAX_TAG_VALUE_LENGTH) {
        return Optional.of(new ResourceProblem(Field.TAG_VALUE, tag.getKey(), "whose value has "
            + tag.getValue().length() + " characters; tag values have at most " + MAX_TAG_VALUE_LENGTH));
      }
      // Exceptions are scoped by tag, so a tag must read the same once written out as when it was checked.
      Optional<ResourceProblem> notText = Characters.unpairedSurrogate(tag.getKey())
          .map(c -> new ResourceProblem(Field.TAG_KEY, tag.getKey(), unpairedSurrogateRule("a key holding", c)))
          .or(() -> Characters.unpairedSurrogate(tag.getValue()).map(c ->
              new ResourceProblem(Field.TAG_VALUE, tag.getKey(), unpairedSurrogateRule("whose value holds", c))));
      if (notText.isPresent()) {
        return notText;
      }
    }
    return Optional.empty();
  }

  /** Why half a surrogate pair is refused: see {@link Characters#isUnpairedSurrogate}. */
  private static String unpairedSurrogateRule(String holds, char c) {
    return holds + " the unpaired surrogate " + Characters.describe(c) + ", which is not text (written out, it would"
        + " read '?')";
  }

  private static boolean isArn(String id) {
    return id.startsWith("arn:");
  }
}
