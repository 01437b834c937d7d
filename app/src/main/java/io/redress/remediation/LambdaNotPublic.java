package io.redress.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetPolicyResponse;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Takes public access out of a function's resource policy (Security Hub Lambda.1), in two ways.
 *
 * <p>A statement that lets anyone invoke the function is removed: a principal of "*" that no condition pins to a
 * source account, source ARN or organization (see {@link PolicyStatements#openToEveryone}). A condition that confines
 * nobody does not save a statement: everyone but one account, a source key tested only if present, a wildcard value.
 * Nor does {@code lambda:FunctionUrlAuthType}: "*" under {@code NONE} is a function URL anyone on the internet may
 * call, which Lambda itself calls public access (it refuses to add that statement while the function blocks public
 * policies).
 *
 * <p>A statement that lets S3 invoke the function for a bucket without pinning the bucket's account
 * ({@code AWS:SourceAccount}) is written again with it, as Lambda.1 asks: bucket names are global and a bucket ARN
 * names no account, so once the bucket is gone anyone may create one by its name in their own account and invoke the
 * function through its notifications. Removing the statement would stop the bucket's notifications instead, so the
 * pinned copy is added first, under a Sid of its own, and the old statement removed after it: S3 may invoke the
 * function throughout. It is pinned to the function's account, and only when S3 confirms the bucket is that account's
 * (GetBucketLocation expecting that owner) or that no bucket has the name (then none of another account can take it). A
 * bucket of another account, or one Redress may not see, is left to a person, as is a statement AddPermission could
 * not write again whole (several actions or principals, other conditions, a wildcard or no bucket at all).
 *
 * <p>Every other statement (principals scoped to a source or an account, named accounts) is kept.
 *
 * <p>A statement is removed by its Sid, and a Sid outlives its statement: an IaC tool replacing a public statement
 * with a scoped one often reuses the Sid. So each change names the RevisionId of the policy read that found what it
 * changes, and Lambda refuses it (PreconditionFailedException) once the function has changed since (the revision is
 * the function's: its policy, its code or its configuration); the policy is then read and judged again, and a
 * statement under that Sid that no longer needs fixing is kept. An update of the function under way
 * (ResourceConflictException) is waited out briefly and read again the same way. A policy another hand made compliant
 * before Redress changed anything is reported ALREADY_COMPLIANT, not as a change Redress made.
 */
public final class LambdaNotPublic extends CheckedChange<LambdaNotPublic.State> {

  static final String GET = "lambda:GetPolicy";
  static final String REMOVE = "lambda:RemovePermission";
  static final String ADD = "lambda:AddPermission";
  /**
   * Whether the bucket an S3 statement names is the function account's: GetBucketLocation honours the expected bucket
   * owner, and its permission, unlike HeadBucket's s3:ListBucket, lists no object of any bucket.
   */
  static final String BUCKET_LOCATION = "s3:GetBucketLocation";
  static final String S3 = "s3.amazonaws.com";
  /** Ends the Sid of an S3 statement's pinned copy; Lambda allows 100 characters of letters, digits, - _ and . */
  static final String PINNED_SID_SUFFIX = "-SourceAccount";
  private static final int MAX_SID = 100;
  /**
   * Changes allowed beyond the ones the first read calls for, for a policy that changed between a read and a change:
   * an IaC apply settles within a few changes, and a policy still changing after that is left to a person.
   */
  static final int SPARE_CHANGES = 3;
  /** How long an update of the function under way is given before the policy is read again. */
  static final Duration UPDATE_PAUSE = Duration.ofSeconds(2);
  private static final Pattern S3_ARN = Pattern.compile("arn:aws[a-z-]*:s3:::");
  private static final Pattern BUCKET_ARN = Pattern.compile("arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param revision the policy's RevisionId; null when the function has no policy
   * @param publicStatements the Sids of the statements anyone may invoke through
   * @param s3StatementsWithoutSourceAccount the Sids of the statements S3 may invoke through for a bucket of any
   *     account
   */
  record State(JsonNode policy, String revision, List<String> publicStatements,
      List<String> s3StatementsWithoutSourceAccount) {

    private Optional<JsonNode> statement(String sid) {
      return statements(policy).filter(statement -> statement.path("Sid").asText().equals(sid)).findFirst();
    }
  }

  /** What AddPermission is given to write an S3 statement again with the bucket's account pinned. */
  private record Pinning(String sid, String action, String bucketArn, String bucket) {

    String pinnedSid() {
      String kept = sid.length() + PINNED_SID_SUFFIX.length() <= MAX_SID
          ? sid : sid.substring(0, MAX_SID - PINNED_SID_SUFFIX.length());
      return kept + PINNED_SID_SUFFIX;
    }

    /** Exactly what AddPermission writes for this pinning: a copy with more to it may never admit S3. */
    boolean isPinnedCopy(JsonNode statement, String account) {
      return statement.path("Effect").asText().equals("Allow") && conditionKeys(statement) == 2
          && Stream.of("NotAction", "NotPrincipal", "NotResource").noneMatch(statement::has)
          && PolicyStatements.strings(statement.path("Principal").path("Service")).equals(List.of(S3))
          && PolicyStatements.strings(statement.path("Action")).equals(List.of(action))
          && PolicyStatements.pinned(statement, "aws:SourceArn").equals(List.of(bucketArn))
          && PolicyStatements.pinned(statement, "aws:SourceAccount").equals(List.of(account));
    }
  }

  @Override
  public String name() {
    return "lambda-remove-public-access";
  }

  @Override
  public Set<String> controls() {
    return Set.of("Lambda.1");
  }

  @Override
  public String resourceType() {
    return "AwsLambdaFunction";
  }

  @Override
  public Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.LAMBDA_FUNCTION);
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, REMOVE, ADD, BUCKET_LOCATION, LiveTags.LAMBDA_TAGS);
  }

  /** The pinned copies are S3's alone. */
  @Override
  public Map<String, GrantCondition> grantConditions() {
    return Map.of(ADD, new GrantCondition("StringEquals", "lambda:Principal", S3));
  }

  @Override
  public String summary() {
    return "Removes the function policy statements that let any principal invoke it and pins S3's to the bucket's "
        + "account; other statements are kept.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, REMOVE, GET);
  }

  /** A public statement costs a removal; an S3 statement a check of its bucket, its pinned copy and a removal. */
  @Override
  protected List<String> plannedCalls(State before) {
    List<String> calls = new ArrayList<>(List.of(GET));
    before.publicStatements().forEach(sid -> calls.addAll(List.of(REMOVE, GET)));
    before.s3StatementsWithoutSourceAccount().forEach(sid -> calls.addAll(List.of(BUCKET_LOCATION, ADD, GET, REMOVE, GET)));
    return List.copyOf(calls);
  }

  /** The function's name, bare or after {@code :function:} in its ARN (a version or alias suffix is kept). */
  @Override
  protected Optional<String> target(Resource resource) {
    String id = resource.getId();
    int function = id.indexOf(":function:");
    return Optional.of(function < 0 ? id : id.substring(function + ":function:".length()));
  }

  @Override
  protected State read(Calls calls) {
    GetPolicyResponse response;
    JsonNode policy;
    try {
      response = calls.call(GET).client(LambdaClient::builder).getPolicy(r -> r.functionName(calls.target()));
      policy = JSON.readTree(response.policy());
    } catch (SdkException e) {
      // A function without a resource policy answers ResourceNotFoundException, as a deleted one does: either
      // way nobody can invoke it through a policy.
      if (errorCode(e).filter("ResourceNotFoundException"::equals).isPresent()) {
        return new State(null, null, List.of(), List.of());
      }
      throw e;
    } catch (JsonProcessingException e) {
      throw SdkException.create("policy of function " + calls.target() + " is not JSON", e);
    }
    return new State(policy, response.revisionId(), sids(policy, PolicyStatements::openToEveryone),
        sids(policy, LambdaNotPublic::s3WithoutSourceAccount));
  }

  /**
   * Whether S3 may invoke through the statement for a bucket of any account: an Allow to S3's service principal, or
   * to "*" confined to S3 ARNs, that no condition pins to a source account. ({@code AWS:SourceOwner} pins one too;
   * a statement open to everyone is removed, not pinned.)
   */
  static boolean s3WithoutSourceAccount(JsonNode statement) {
    if (!statement.path("Effect").asText().equals("Allow") || PolicyStatements.openToEveryone(statement)) {
      return false;
    }
    List<String> sources = PolicyStatements.pinned(statement, "aws:SourceArn");
    boolean byS3 = PolicyStatements.strings(statement.path("Principal").path("Service")).contains(S3)
        || PolicyStatements.anyPrincipal(statement) && !sources.isEmpty()
        && sources.stream().allMatch(source -> S3_ARN.matcher(source).lookingAt());
    return byS3 && PolicyStatements.pinned(statement, "aws:SourceAccount").isEmpty()
        && PolicyStatements.pinned(statement, "aws:SourceOwner").isEmpty();
  }

  @Override
  protected boolean compliant(State state) {
    return state.publicStatements().isEmpty() && state.s3StatementsWithoutSourceAccount().isEmpty();
  }

  @Override
  protected String plan(State before) {
    List<String> parts = new ArrayList<>();
    if (!before.publicStatements().isEmpty()) {
      parts.add("remove the public statements " + before.publicStatements() + " from the function policy");
    }
    if (!before.s3StatementsWithoutSourceAccount().isEmpty()) {
      parts.add("pin the S3 statements " + before.s3StatementsWithoutSourceAccount()
          + " to the function's account with AWS:SourceAccount");
    }
    return String.join(" and ", parts);
  }

  /** Each S3 statement's bucket is checked as the change would check it; public statements need no check. */
  @Override
  protected void rehearse(Calls calls, State before) {
    Fixing fixing = new Fixing(calls);
    before.s3StatementsWithoutSourceAccount().forEach(sid -> fixing.pin(before, sid));
    fixing.pinnable.forEach((sid, bucket) -> {
      if (fixing.absent.contains(bucket)) {
        calls.note("the bucket " + bucket + " that the statement " + sid + " names does not exist; the change would "
            + "pin the statement to account " + fixing.account + ", so that no other account can take the name");
      }
    });
    if (fixing.refusals.isEmpty()) {
      return;
    }
    List<String> still = new ArrayList<>();
    if (!before.publicStatements().isEmpty()) {
      still.add("remove the public statements " + before.publicStatements());
    }
    if (!fixing.pinnable.isEmpty()) {
      still.add("pin the S3 statements " + fixing.pinnable.keySet() + " to the account");
    }
    throw new Refused(fixing.refused() + "." + (still.isEmpty() ? "" : " The change would still "
        + String.join(" and ", still) + ".") + " Nothing was changed.");
  }

  /**
   * Makes one change at a time, public statements first, each with the RevisionId of the read just before it: every
   * change to a policy gives it a new revision, so after each the policy is read again, and judged again.
   */
  @Override
  protected void change(Calls calls, State before) {
    Fixing fixing = new Fixing(calls);
    State current;
    try {
      current = fix(calls, before, fixing);
    } catch (SdkException e) {
      // The failed call's message is the result's; what the run had changed by then must not be lost with it.
      fixing.changes().ifPresent(changes -> calls.note("before that, Redress " + changes));
      throw e;
    }
    // A statement refused and then changed by another hand since is no longer this run's to report.
    fixing.refusals.keySet().retainAll(current.s3StatementsWithoutSourceAccount());
    if (!fixing.refusals.isEmpty()) {
      throw new Refused(fixing.refused() + "." + fixing.done());
    }
    if (fixing.changes().isEmpty()) {
      throw new CompliantMeanwhile();
    }
    List<String> changedMeanwhile = new ArrayList<>();
    if (!fixing.removed.equals(before.publicStatements())) {
      changedMeanwhile.add(fixing.removed + " were removed, of " + before.publicStatements()
          + " public when it was first read");
    }
    if (!fixing.pinned.equals(before.s3StatementsWithoutSourceAccount())) {
      changedMeanwhile.add(fixing.pinned + " were pinned to the account, of "
          + before.s3StatementsWithoutSourceAccount() + " without AWS:SourceAccount when it was first read");
    }
    if (!fixing.copiesOnly().isEmpty()) {
      changedMeanwhile.add("the pinned copies " + fixing.copiesOnly() + " were added, and the statements they copy "
          + "were changed by another hand before Redress could remove them, so Redress left them as they are");
    }
    if (!changedMeanwhile.isEmpty()) {
      calls.note("the policy changed while it was being fixed: " + String.join(", and ", changedMeanwhile));
    }
  }

  /** The steps, each followed by a read, within the budget; the policy as last read. */
  private State fix(Calls calls, State before, Fixing fixing) {
    int attempts = before.publicStatements().size() + 2 * before.s3StatementsWithoutSourceAccount().size()
        + SPARE_CHANGES;
    State current = before;
    int refusedByLambda = 0;
    for (int attempt = 0; attempt < attempts; attempt++) {
      Optional<Step> step = fixing.next(current);
      if (step.isEmpty()) {
        return current;
      }
      boolean took = fixing.make(step.get(), current.revision());
      if (!took) {
        refusedByLambda++;
      }
      if (took && step.get() instanceof Removal && fixing.left(current) == 1) {
        return current; // the read that verifies the change reads the policy again
      }
      current = read(calls);
    }
    if (fixing.next(current).isEmpty()) {
      return current;
    }
    List<String> left = new ArrayList<>();
    if (!current.publicStatements().isEmpty()) {
      left.add(current.publicStatements() + " are still public");
    }
    if (!current.s3StatementsWithoutSourceAccount().isEmpty()) {
      left.add(current.s3StatementsWithoutSourceAccount() + " still let S3 invoke it for a bucket of any account");
    }
    throw new Refused("the function " + calls.target() + " or its policy kept changing while its policy was being "
        + "fixed: of " + attempts + " changes, Lambda refused " + refusedByLambda + " because the function had "
        + "changed since its policy was read (PreconditionFailedException) or was being updated "
        + "(ResourceConflictException), and " + String.join(" and ", left) + ". Find what keeps changing the "
        + "function, then run the remediation again." + fixing.done());
  }

  /** One change to the policy. */
  private sealed interface Step permits Removal, Addition {
  }

  /** @param pinned whether the statement is an S3 one whose pinned copy is in place */
  private record Removal(String sid, boolean pinned) implements Step {
  }

  private record Addition(Pinning pinning) implements Step {
  }

  /** What one run has fixed, and the S3 statements it will not touch, with why. */
  private static final class Fixing {

    private final Calls calls;
    private final String account;
    private final List<String> removed = new ArrayList<>();
    private final List<String> pinned = new ArrayList<>();
    /** By the Sid of the statement copied, the Sid of each pinned copy this run added. */
    private final Map<String, String> added = new LinkedHashMap<>();
    /** The buckets S3 said nobody has. */
    private final Set<String> absent = new HashSet<>();
    /** By Sid, the bucket of each S3 statement this run has a step for. */
    private final Map<String, String> pinnable = new LinkedHashMap<>();
    private final Map<String, String> refusals = new LinkedHashMap<>();
    /** By bucket ARN: empty when the bucket may be pinned to the account, else why not. */
    private final Map<String, Optional<String>> buckets = new HashMap<>();

    Fixing(Calls calls) {
      this.calls = calls;
      this.account = calls.resource().getAccount();
    }

    /** The next change {@code current} needs, if any: public statements first. */
    Optional<Step> next(State current) {
      if (!current.publicStatements().isEmpty()) {
        String sid = current.publicStatements().get(0);
        return Optional.of(new Removal(sid, false));
      }
      for (String sid : current.s3StatementsWithoutSourceAccount()) {
        if (refusals.containsKey(sid)) {
          continue;
        }
        Optional<Step> step = pin(current, sid);
        if (step.isPresent()) {
          return step;
        }
      }
      return Optional.empty();
    }

    /** How many statements {@code current} still has to have fixed. */
    int left(State current) {
      return current.publicStatements().size() + (int) current.s3StatementsWithoutSourceAccount().stream()
          .filter(sid -> !refusals.containsKey(sid)).count();
    }

    /** The S3 statement's next step: its pinned copy added, or, once it is there, the statement removed. */
    private Optional<Step> pin(State current, String sid) {
      JsonNode statement = current.statement(sid).orElseThrow();
      Optional<Pinning> pinning = pinning(sid, statement);
      if (pinning.isEmpty()) {
        return Optional.empty();
      }
      Optional<String> bucketRefusal = buckets.computeIfAbsent(pinning.get().bucketArn(),
          arn -> checkBucket(pinning.get()));
      if (bucketRefusal.isPresent()) {
        refusals.put(sid, bucketRefusal.get());
        return Optional.empty();
      }
      Optional<JsonNode> copy = current.statement(pinning.get().pinnedSid());
      if (copy.isEmpty()) {
        pinnable.put(sid, pinning.get().bucket());
        return Optional.of(new Addition(pinning.get()));
      }
      if (!pinning.get().isPinnedCopy(copy.get(), account)) {
        refusals.put(sid, "lets S3 invoke the function for bucket " + pinning.get().bucket() + " of any account, and "
            + "the Sid its pinned copy would take, " + pinning.get().pinnedSid() + ", holds another statement");
        return Optional.empty();
      }
      pinnable.put(sid, pinning.get().bucket());
      return Optional.of(new Removal(sid, true));
    }

    /** What AddPermission would write the statement again with, or empty with the refusal noted. */
    private Optional<Pinning> pinning(String sid, JsonNode statement) {
      List<String> sources = PolicyStatements.pinned(statement, "aws:SourceArn");
      Matcher bucket = sources.size() == 1 ? BUCKET_ARN.matcher(sources.get(0)) : null;
      if (bucket == null || !bucket.matches()) {
        refusals.put(sid, "lets S3 invoke the function for a bucket of any account, and names no single bucket "
            + "(its AWS:SourceArn is missing, a wildcard, several, or not a bucket's) whose account Redress could confirm, so name the "
            + "bucket and its account (AWS:SourceAccount) in it");
        return Optional.empty();
      }
      List<String> actions = PolicyStatements.strings(statement.path("Action"));
      JsonNode principal = statement.path("Principal");
      boolean s3Alone = PolicyStatements.strings(principal.path("Service")).equals(List.of(S3)) && principal.size() == 1;
      if (actions.size() != 1 || !(s3Alone || PolicyStatements.anyPrincipal(statement)) || conditionKeys(statement) != 1
          || Stream.of("NotAction", "NotPrincipal", "NotResource").anyMatch(statement::has)) {
        refusals.put(sid, "lets S3 invoke the function for bucket " + bucket.group(1) + " of any account, and holds "
            + "more than AddPermission could write again pinned to the account (several actions or principals, "
            + "or conditions besides AWS:SourceArn), so add AWS:SourceAccount to it by hand");
        return Optional.empty();
      }
      return Optional.of(new Pinning(sid, actions.get(0), sources.get(0), bucket.group(1)));
    }

    /**
     * Whether the bucket is the function account's (GetBucketLocation expecting that owner: 200), or no bucket has the
     * name (404): empty then, else why the statement is left.
     */
    private Optional<String> checkBucket(Pinning pinning) {
      try {
        calls.call(BUCKET_LOCATION).client(S3Client::builder).getBucketLocation(r -> r.bucket(pinning.bucket()));
        return Optional.empty();
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          absent.add(pinning.bucket());
          return Optional.empty();
        }
        return Optional.of("lets S3 invoke the function for bucket " + pinning.bucket() + " of any account, and S3 "
            + "did not confirm the bucket is account " + account + "'s: GetBucketLocation expecting that owner "
            + "answered " + describe(e) + " (HTTP " + e.statusCode() + (e.statusCode() == 403 ? ": the bucket is "
            + "another account's, or " + BUCKET_LOCATION + " on it is not granted" : "") + "). Add "
            + "AWS:SourceAccount with the bucket owner's account to it");
      }
    }

    /** False when Lambda refused the change: the function changed since {@code revision}, or is being updated. */
    boolean make(Step step, String revision) {
      if (step instanceof Addition addition) {
        Pinning pinning = addition.pinning();
        boolean took = accepted(() -> calls.call(ADD).client(LambdaClient::builder).addPermission(r -> r
            .functionName(calls.target()).statementId(pinning.pinnedSid()).action(pinning.action()).principal(S3)
            .sourceArn(pinning.bucketArn()).sourceAccount(account).revisionId(revision)));
        if (took) {
          added.put(pinning.sid(), pinning.pinnedSid());
          if (absent.contains(pinning.bucket())) {
            calls.note("the bucket " + pinning.bucket() + " that the statement " + pinning.sid() + " named does not "
                + "exist; its pinned copy admits only a bucket of account " + account + " by that name");
          }
        }
        return took;
      }
      Removal removal = (Removal) step;
      boolean took = accepted(() -> calls.call(REMOVE).client(LambdaClient::builder)
          .removePermission(r -> r.functionName(calls.target()).statementId(removal.sid()).revisionId(revision)));
      if (took) {
        (removal.pinned() ? pinned : removed).add(removal.sid());
      }
      return took;
    }

    /** The pinned copies this run added whose statement it did not remove: another hand changed it first. */
    List<String> copiesOnly() {
      return added.entrySet().stream().filter(copy -> !pinned.contains(copy.getKey())).map(Map.Entry::getValue)
          .toList();
    }

    /** What the run changed, in words, if anything. */
    Optional<String> changes() {
      List<String> changes = new ArrayList<>();
      if (!removed.isEmpty()) {
        changes.add("removed the public statements " + removed);
      }
      if (!pinned.isEmpty()) {
        changes.add("pinned the S3 statements " + pinned + " to the account");
      }
      if (!copiesOnly().isEmpty()) {
        changes.add("added the pinned copies " + copiesOnly());
      }
      return changes.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", changes));
    }

    /** Each statement left, and why. */
    String refused() {
      StringBuilder why = new StringBuilder();
      refusals.forEach((sid, reason) -> why.append(why.isEmpty() ? "" : "; ").append("the statement ").append(sid)
          .append(' ').append(reason));
      return why.toString();
    }

    /** What the run changed before it stopped, for a message that ends it. */
    String done() {
      return changes().map(changes -> " Redress " + changes + ".").orElse(" Nothing was changed.");
    }
  }

  /** Every key of every condition of the statement, whatever its operator. */
  private static int conditionKeys(JsonNode statement) {
    int keys = 0;
    for (Iterator<JsonNode> operators = statement.path("Condition").elements(); operators.hasNext(); ) {
      keys += operators.next().size();
    }
    return keys;
  }

  /** False when Lambda refused the change: the function changed since the policy was read, or is being updated. */
  private static boolean accepted(Runnable change) {
    try {
      change.run();
      return true;
    } catch (PreconditionFailedException e) {
      return false;
    } catch (ResourceConflictException e) {
      pause();
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(UPDATE_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused("interrupted while the function was being updated; nothing more was changed");
    }
  }

  private static List<String> sids(JsonNode policy, Predicate<JsonNode> judged) {
    return statements(policy).filter(judged).map(statement -> statement.path("Sid").asText()).toList();
  }

  private static Stream<JsonNode> statements(JsonNode policy) {
    return policy == null ? Stream.empty()
        : StreamSupport.stream(policy.path("Statement").spliterator(), false);
  }
}
