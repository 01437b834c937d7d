package io.redress.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.contract.AppliedException;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import io.redress.exceptions.LastLook;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The promise every action keeps, in one place: read the current state; if it is compliant, say so and change
 * nothing; otherwise make the smallest change, read the state back (again for a while, until AWS shows the change:
 * {@link #settling}) and report it before and after. An AWS error becomes a {@code FAILED} outcome naming the call
 * and AWS's error code. Throttling and transient errors never reach here before the SDK's adaptive retry gave up on
 * them. What a run must tell a person besides, such as a resource it made and left unused ({@link Calls#note}), ends
 * the message whatever the outcome. An action that changes resources of the one named (an account's snapshots) leaves
 * alone those an exception covers ({@link #leftAlone}), and says so.
 *
 * @param <S> the state the action reads; a record, reported as JSON
 */
abstract class CheckedChange<S> implements RemediationAction {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration SETTLING = Duration.ofSeconds(10);

  private final Settling.Waiting waiting;

  CheckedChange() {
    this(Settling.Waiting.SYSTEM);
  }

  /** @param waiting the time a run waits in for AWS to show its change */
  CheckedChange(Settling.Waiting waiting) {
    this.waiting = waiting;
  }

  /** What the action is pointed at, e.g. a bucket name or a security group id, from the resource's id. */
  protected abstract Optional<String> target(Resource resource);

  /** Reads the current state, recording each call. */
  protected abstract S read(Calls calls);

  protected abstract boolean compliant(S state);

  /** The change in words, e.g. "revoke tcp 22 from 0.0.0.0/0": the dry-run plan and the applied message. */
  protected abstract String plan(S before);

  /** Makes the smallest change that brings {@code before} into compliance, recording each call. */
  protected abstract void change(Calls calls, S before);

  /**
   * Makes the reads {@code change} would make to decide whether it may go ahead, and changes nothing: a dry run calls
   * it, so that it fails, saying why, where the change would be refused ({@link Refused}). Only an action whose
   * refusals depend on more than {@code before} has anything to read.
   */
  protected void rehearse(Calls calls, S before) {
  }

  /**
   * What the change was to put in place and the state read back after it lacks, in words; empty when nothing is
   * missing. A compliant read-back is read again until nothing is missing either; one still not compliant once the
   * settling is spent is reported with what it lacks, so that a person knows where to look. Only an action whose
   * change adds something besides taking away, or puts in place several settings, has anything to name.
   */
  protected Optional<String> missingAfter(S before, S after) {
    return Optional.empty();
  }

  /**
   * How long after a change AWS may take to show it, and so how long the state is read back before the run is
   * reported {@code FAILED}; ten seconds unless the service documents longer. A read-back that shows the change at
   * once is the only one.
   */
  protected Duration settling() {
    return SETTLING;
  }

  /**
   * What {@code state} shows the change leaves as it is because an exception covers it, in words naming the exception
   * ({@link Calls#exceptionFor}): resources of the one named, which the action judges compliance without. None for an
   * action that changes only the resource named, whose exceptions the executor checked. A state compliant but for
   * these is reported {@code EXCEPTED}, nothing changed.
   */
  protected List<String> leftAlone(S state) {
    return List.of();
  }

  /** The calls one run that has to change something makes, in order. */
  @Override
  public abstract List<String> plannedCalls();

  /** The calls a run would make to bring {@code before} into compliance, in order: the dry run's plan. */
  protected List<String> plannedCalls(S before) {
    return plannedCalls();
  }

  @Override
  public final ActionOutcome execute(AwsSession session, Resource resource, LastLook exceptions, boolean dryRun) {
    Optional<String> target = target(resource);
    if (target.isEmpty()) {
      return ActionOutcome.failed(name() + " cannot act on resource id '" + resource.getId() + "'", null, List.of());
    }
    Calls calls = new Calls(session, resource, target.get(), exceptions, new Settling(settling(), waiting));
    ActionOutcome outcome = attempt(calls, dryRun);
    if (calls.notes().isEmpty()) {
      return outcome;
    }
    return new ActionOutcome(outcome.status(), outcome.before(), outcome.after(),
        outcome.message() + "; " + String.join("; ", calls.notes()), outcome.apiCalls());
  }

  private ActionOutcome attempt(Calls calls, boolean dryRun) {
    String target = calls.target();
    S before = null;
    boolean changed = false;
    try {
      before = read(calls);
      if (compliant(before)) {
        return leftAlone(before).isEmpty()
            ? new ActionOutcome(RemediationStatus.ALREADY_COMPLIANT, json(before), json(before),
                target + " is already compliant", calls.made())
            : excepted(before, calls);
      }
      String leftAlone = leftAlone(before).stream().map(what -> "; " + what).collect(Collectors.joining());
      if (dryRun) {
        rehearse(calls, before);
        return new ActionOutcome(RemediationStatus.DRY_RUN, json(before), null,
            ActionOutcome.DRY_RUN + "would " + plan(before) + " on " + target + leftAlone + "; nothing changed",
            plannedCalls(before));
      }
      boolean changedMeanwhile = false;
      try {
        change(calls, before);
        changed = true;
      } catch (CompliantMeanwhile e) {
        changedMeanwhile = true;
      }
      Settling.Settled<S> readBack = readBack(calls, before, changedMeanwhile);
      S after = readBack.answer();
      if (changedMeanwhile && compliant(after)) {
        return new ActionOutcome(RemediationStatus.ALREADY_COMPLIANT, json(before), json(after),
            target + " was made compliant by another change while this one was under way; nothing was changed",
            calls.made());
      }
      // A change found made meanwhile put nothing in place, so nothing of it can be missing.
      Optional<String> missing = changedMeanwhile ? Optional.empty() : missingAfter(before, after);
      if (!compliant(after)) {
        return new ActionOutcome(RemediationStatus.FAILED, json(before), json(after),
            target + " is still not compliant after the change" + missing.map(what -> " and lacks " + what).orElse("")
                + waited(readBack), calls.made());
      }
      if (missing.isPresent()) {
        return new ActionOutcome(RemediationStatus.FAILED, json(before), json(after),
            target + " lacks " + missing.get() + " after the change" + waited(readBack), calls.made());
      }
      return new ActionOutcome(RemediationStatus.APPLIED, json(before), json(after),
          plan(before) + " on " + target + leftAlone, calls.made());
    } catch (AllExcepted e) {
      return excepted(before, calls);
    } catch (Refused e) {
      return ActionOutcome.failed(e.getMessage(), before == null ? null : json(before), calls.made());
    } catch (SdkException e) {
      // Reading the change back can fail too, and so can a change of several writes halfway: the result must not read
      // as if nothing had been changed.
      String failed = calls.last() + " on " + target + " failed";
      String why = reason(e, calls);
      List<String> written = calls.writtenBeforeTheLast();
      String made = changed ? " after the change was made (" + plan(before) + ")"
          : written.isEmpty() ? "" : " after part of the change was made (" + String.join(", ", written) + ")";
      String after = changed || written.isEmpty() ? null : readAfterFailure(calls);
      return new ActionOutcome(RemediationStatus.FAILED, before == null ? null : json(before), after,
          failed + made + ": " + why, calls.made());
    }
  }

  /** Nothing was changed, as exceptions cover all the change would touch ({@link #leftAlone}). */
  private ActionOutcome excepted(S before, Calls calls) {
    return new ActionOutcome(RemediationStatus.EXCEPTED, json(before), json(before), "nothing was changed on "
        + calls.target() + ": " + String.join("; ", leftAlone(before)), calls.made());
  }

  /**
   * The state after the change, read again while it does not show the change yet and the action's settling lasts:
   * compliance where another hand made the resource compliant meanwhile, and with what the change puts in place
   * otherwise.
   */
  private Settling.Settled<S> readBack(Calls calls, S before, boolean changedMeanwhile) {
    return calls.settling().until(() -> read(calls), after -> compliant(after)
        && (changedMeanwhile || missingAfter(before, after).isEmpty()));
  }

  /** How long the state was read back for, so that a failure is not taken for AWS merely being slow to show it. */
  static String waited(Settling.Settled<?> readBack) {
    String seconds = BigDecimal.valueOf(readBack.waited().toMillis(), 3).setScale(1, RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString();
    return " (read back for " + seconds + " s"
        + (readBack.interrupted() ? ", until the executor was interrupted" : "") + ")";
  }

  /** The state after a change that failed halfway, for the result; null when it cannot be read either. */
  private String readAfterFailure(Calls calls) {
    try {
      return json(read(calls));
    } catch (RuntimeException e) {
      // The failure being reported matters more than why the state could not be read after it.
      return null;
    }
  }

  /** Why a call failed, for the outcome's message: AWS's error code and message, unless an action knows more. */
  protected String reason(SdkException e, Calls calls) {
    return describe(e);
  }

  /**
   * AWS's error code first, so a result can be searched for it; its message after. An answer the SDK could not read
   * an error code from (a proxy's or an emulator's page) is described by the SDK, with its HTTP status.
   */
  static String describe(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorCode() != null) {
      String message = service.awsErrorDetails().errorMessage();
      // Some answers carry a code and no message (moto's KMS AccessDenied): the status says at least that much.
      return service.awsErrorDetails().errorCode() + " ("
          + (message == null || message.isBlank() ? "HTTP " + service.statusCode() : message) + ")";
    }
    return e.getMessage();
  }

  /** The error code of an AWS answer, or empty for anything else. */
  static Optional<String> errorCode(SdkException e) {
    return e instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? Optional.ofNullable(service.awsErrorDetails().errorCode())
        : Optional.empty();
  }

  private static String json(Object state) {
    try {
      return JSON.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an action's state is a record of plain values and always serializes", e);
    }
  }

  /**
   * What an action throws when the resource is not one it may change, or not safely now; the message says why and
   * what a person can do.
   */
  static final class Refused extends RuntimeException {
    Refused(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * What {@code change} (and {@code rehearse}) throws when it finds, before changing anything, that every resource it
   * could change to bring the one named into compliance is covered by an exception ({@link #leftAlone} names them):
   * the run then reports {@code EXCEPTED}.
   */
  static final class AllExcepted extends RuntimeException {
    AllExcepted() {
      super(null, null, false, false);
    }
  }

  /**
   * What {@code change} throws when it finds, before changing anything, that another hand made the resource
   * compliant since it was read: the run then reports {@code ALREADY_COMPLIANT} once the read-back agrees, not a
   * change it did not make.
   */
  static final class CompliantMeanwhile extends RuntimeException {
    CompliantMeanwhile() {
      super(null, null, false, false);
    }
  }

  /** The session and target of one run, and the calls it made, each named by its IAM action. */
  static final class Calls {

    private final AwsSession session;
    private final Resource resource;
    private final String target;
    private final LastLook exceptions;
    private final Settling settling;
    private final List<String> made = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Calls(AwsSession session, Resource resource, String target, LastLook exceptions, Settling settling) {
      this.session = session;
      this.resource = resource;
      this.target = target;
      this.exceptions = exceptions;
      this.settling = settling;
    }

    /** Records that {@code permission}'s call is about to be made, and gives the session to make it with. */
    AwsSession call(String permission) {
      made.add(permission);
      return session;
    }

    /**
     * Adds {@code note} to the outcome's message, whatever the outcome: something the run did besides its change
     * that a person must act on, such as a resource it made and left unused.
     */
    void note(String note) {
      notes.add(note);
    }

    List<String> notes() {
      return List.copyOf(notes);
    }

    String target() {
      return target;
    }

    /**
     * A resource of the one named, in its partition, account and region, as its exceptions are matched: by its ARN and
     * by {@code tags}.
     */
    Resource part(String type, String arn, Map<String, String> tags) {
      return Resource.newBuilder(resource).setType(type).setId(arn).setTags(tags).build();
    }

    /** The ARN Redress gives a resource of the named one's partition, region and account, as it gives a finding's. */
    String arn(String service, String resourcePart) {
      return "arn:" + resource.getPartition() + ":" + service + ":" + resource.getRegion() + ":"
          + resource.getAccount() + ":" + resourcePart;
    }

    /**
     * The exception in force for {@code part}, a resource of the one named that the action is about to change: asked
     * of the executor's last look, under the command's controls at the instant it checked the command's own.
     */
    Optional<AppliedException> exceptionFor(Resource part) {
      return exceptions.match(part).inForce();
    }

    /** Whether an exception scoped to a tag is in force for the command: only then are a part's tags worth reading. */
    boolean anyScopedToTag() {
      return exceptions.anyScopedToTag();
    }

    /** The tags {@code part} carries in AWS now, read as the executor reads a named resource's, each call recorded. */
    Map<String, String> liveTags(LiveTags tags, Resource part) {
      return tags.reader().read(session, part, made);
    }

    Resource resource() {
      return resource;
    }

    AwsSession session() {
      return session;
    }

    /** How long this run gives AWS to show what it has just accepted, and the time it waits in. */
    Settling settling() {
      return settling;
    }

    String last() {
      return made.isEmpty() ? "reading" : made.get(made.size() - 1);
    }

    /**
     * The writes that went through before the last call (the one that failed), each with how often: every call but
     * the last returned ({@link ActionOutcome#changes}).
     */
    List<String> writtenBeforeTheLast() {
      Map<String, Integer> written = new LinkedHashMap<>();
      made.subList(0, Math.max(0, made.size() - 1)).stream().filter(ActionOutcome::changes)
          .forEach(call -> written.merge(call, 1, Integer::sum));
      return written.entrySet().stream()
          .map(call -> call.getValue() == 1 ? call.getKey() : call.getKey() + " x" + call.getValue()).toList();
    }

    List<String> made() {
      return List.copyOf(made);
    }
  }
}
