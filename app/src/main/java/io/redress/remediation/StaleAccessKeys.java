package io.redress.remediation;

import io.redress.contract.Resource;
import io.redress.resource.ResourceIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Deactivates a user's active access keys that are stale, never deletes them: a deactivated key can be turned back
 * on in seconds if something still needed it. What makes a key stale is each control's business; both judge it
 * against the executor's clock: a key is stale once more than the control's maximum age has passed since it counts
 * from (exactly the maximum is not yet stale).
 */
abstract class StaleAccessKeys extends CheckedChange<StaleAccessKeys.State> implements Parameterised {

  static final String GET_USER = "iam:GetUser";
  static final String LIST = "iam:ListAccessKeys";
  static final String UPDATE = "iam:UpdateAccessKey";

  private final Duration maxAge;

  StaleAccessKeys(Duration maxAge) {
    this.maxAge = maxAge;
  }

  /** The configured maximum, in the words of a summary: "90 days". */
  protected final String maxAge() {
    return maxAge.toDays() + " days";
  }

  /** @param since when the key was last used, or created when it never was (for the unused-keys control) */
  record Key(String id, String status, String created, String since) {
  }

  /**
   * @param stale ids of the active keys found stale as of {@code at}
   * @param unusedPassword when the user's console password counts as unused from, if it is stale; else null
   */
  record State(String user, List<Key> keys, List<String> stale, String at, String unusedPassword) {
  }

  /** When the key counts from: its creation, or its last use. */
  protected abstract Instant since(Calls calls, String user, String keyId, Instant created);

  /**
   * When the user's console password counts as unused from, if the control judges passwords too; empty when it does
   * not, or the user has none.
   */
  protected Optional<Instant> passwordSince(Calls calls, User user) {
    return Optional.empty();
  }

  @Override
  public final String resourceType() {
    return "AwsIamUser";
  }

  @Override
  public final Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.IAM_USER);
  }

  @Override
  protected final Optional<String> target(Resource resource) {
    return Optional.of(ResourceIds.lastPathSegment(resource.getId()));
  }

  @Override
  protected State read(Calls calls) {
    User user = confirmedUser(calls);
    Instant now = calls.session().now();
    List<Key> keys = calls.call(LIST).client(IamClient::builder).listAccessKeysPaginator(r -> r.userName(calls.target()))
        .accessKeyMetadata().stream()
        .map(key -> {
          Instant since = key.status() == StatusType.ACTIVE
              ? since(calls, calls.target(), key.accessKeyId(), key.createDate()) : key.createDate();
          return new Key(key.accessKeyId(), key.statusAsString(), key.createDate().toString(), since.toString());
        })
        .toList();
    List<String> stale = keys.stream()
        .filter(key -> key.status().equals(StatusType.ACTIVE.toString())
            && Instant.parse(key.since()).plus(maxAge).isBefore(now))
        .map(Key::id).toList();
    String unusedPassword = passwordSince(calls, user).filter(since -> since.plus(maxAge).isBefore(now))
        .map(Instant::toString).orElse(null);
    return new State(calls.target(), keys, stale, now.toString(), unusedPassword);
  }

  /**
   * The user the finding names, once its ARN is the finding's. A user's name is unique in its account whatever its
   * path, so {@code user/breakglass} finds the user {@code user/admins/breakglass} too; but exceptions match the ARN
   * exactly, and one published on the real ARN would not have kept this finding from coming here. Every read looks,
   * the read-back too: a path changed during the run ends it there, saying what had been changed already.
   */
  private static User confirmedUser(Calls calls) {
    User user = calls.call(GET_USER).client(IamClient::builder).getUser(r -> r.userName(calls.target())).user();
    String named = calls.resource().getId();
    if (!user.arn().equals(named)) {
      throw new Refused("the finding names " + named + ", but that user is " + user.arn() + "; an exception on either"
          + " would not cover the other, so " + (calls.made().contains(UPDATE)
              ? "nothing more was changed after the keys were deactivated" : "nothing was changed"));
    }
    return user;
  }

  @Override
  protected boolean compliant(State state) {
    return state.stale().isEmpty() && state.unusedPassword() == null;
  }

  @Override
  protected String plan(State before) {
    return before.stale().isEmpty() ? "leave the console password of user " + before.user() + " to a person"
        : "deactivate (not delete) the access keys " + before.stale() + " of user " + before.user();
  }

  /**
   * Deactivates the stale keys. A stale console password is not Redress's to remove (deleting a login profile cannot
   * be undone the way a key is turned back on): the run fails saying so, once the keys are dealt with, so the
   * finding is not reported fixed while it stays failed.
   */
  @Override
  protected void change(Calls calls, State before) {
    for (String key : before.stale()) {
      calls.call(UPDATE).client(IamClient::builder)
          .updateAccessKey(r -> r.userName(before.user()).accessKeyId(key).status(StatusType.INACTIVE));
    }
    if (before.unusedPassword() != null) {
      throw new Refused(unusedPassword(before, "were"));
    }
  }

  /** A dry run fails where the run would: on a password it would leave. */
  @Override
  protected void rehearse(Calls calls, State before) {
    if (before.unusedPassword() != null) {
      throw new Refused(unusedPassword(before, "would be"));
    }
  }

  private String unusedPassword(State before, String keysWere) {
    return (before.stale().isEmpty() ? "" : "the access keys " + before.stale() + " of user " + before.user() + " "
        + keysWere + " deactivated, but ") + "the console password of user " + before.user() + " has not been used"
        + " since " + before.unusedPassword() + ", more than " + maxAge() + ": Redress deactivates access keys only;"
        + " delete the login profile (aws iam delete-login-profile --user-name " + before.user() + ") or have the"
        + " user sign in";
  }
}
