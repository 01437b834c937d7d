package io.redress.remediation;

import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.AppliedException;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import io.redress.exceptions.ExceptionLookup;
import io.redress.exceptions.ExceptionMatch;
import io.redress.exceptions.LastLook;
import io.redress.metrics.RedressMeters;
import io.redress.operations.Printable;
import io.redress.resource.ResourceIds;
import io.redress.resource.ResourceProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns one command into one result: finds its action, decides whether it may change anything, and runs it. */
public final class RemediationExecutor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RemediationExecutor.class);

  private final AwsSettings aws;
  private final RemediationCatalogue catalogue;
  private final AwsClients clients;
  private final Clock clock;

  /** Acts with the default AWS credentials chain. */
  public RemediationExecutor(AwsSettings aws, RemediationCatalogue catalogue) {
    this(aws, catalogue, AwsClients.withDefaultCredentials(aws), Clock.systemUTC());
  }

  public RemediationExecutor(AwsSettings aws, RemediationCatalogue catalogue, AwsClients clients, Clock clock) {
    this.aws = aws;
    this.catalogue = catalogue;
    this.clients = clients;
    this.clock = clock;
  }

  /**
   * Never throws for a bad command or an AWS failure: those become {@code FAILED} results.
   *
   * @param exceptions asked first: a resource an exception covers now is not touched, whatever was decided before;
   *     nor is one the action would change besides it, asked about at the same instant
   * @throws StoppedBeforeChanging when the executor's stop (an interrupt) failed the action before it made or began
   *     any call that changes something
   */
  public RemediationResult execute(RemediationCommand command, ExceptionLookup exceptions) {
    // The topology only issues commands for resources that passed this check; one that fails it was written to the
    // commands topic by something else, and its id must never reach an AWS call.
    Optional<ResourceProblem> invalid = ResourceIds.problem(command.getResource());
    if (invalid.isPresent()) {
      return result(command, ActionOutcome.failed("refused: the resource's " + invalid.get().field().name()
          .toLowerCase(Locale.ROOT).replace('_', ' ') + " is " + invalid.get().rule()
          + ", so nothing was read or changed", null, List.of()), null);
    }
    LastLook look = new LastLook(exceptions, catalogue.exceptedWith(command.getControl()), clock.instant());
    ExceptionMatch now;
    try {
      now = look.match(command.getResource());
    } catch (RuntimeException e) {
      LOG.warn("command {}: cannot read the exception list", Printable.of(command.getCommandId()), e);
      return result(command, ActionOutcome.failed(
          "the exception list could not be read, so nothing was done: " + e.getMessage(), null, List.of()), null);
    }
    if (now.inForce().isPresent()) {
      return result(command, new ActionOutcome(RemediationStatus.EXCEPTED, null, null,
          ExceptionMatch.describe(now.inForce().get())
              + ". It came into force after the decision, so nothing was read or changed.", List.of()), null);
    }
    Optional<RemediationAction> found = catalogue.named(command.getAction());
    if (found.isEmpty()) {
      return result(command, ActionOutcome.failed(
          "no remediation action named '" + command.getAction() + "' is registered", null, List.of()), null);
    }
    RemediationAction action = found.get();
    Resource resource = command.getResource();
    if (!action.resourceType().equals(resource.getType())) {
      return result(command, ActionOutcome.failed(action.name() + " acts on " + action.resourceType()
          + ", not on " + resource.getType() + " " + resource.getId(), null, List.of()), null);
    }
    // The topology picks the action by the control; a command pairing them otherwise was written by something else,
    // and acting on it would bypass every exception scoped to the action's own controls.
    if (!action.controls().contains(command.getControl())) {
      return result(command, ActionOutcome.failed("refused: " + action.name() + " remediates "
          + String.join(", ", new TreeSet<>(action.controls())) + ", not " + command.getControl()
          + ", and exceptions are checked by control, so nothing was read or changed", null, List.of()), null);
    }
    if (!aws.configured()) {
      return result(command, offlinePlan(action, resource), null);
    }
    boolean dryRun = command.getDryRun() || aws.forceDryRun();
    Optional<String> role = Optional.ofNullable(aws.roles().get(resource.getAccount())).map(AccountRole::roleArn);
    ActionOutcome outcome;
    String principal = null;
    try (AwsSession session = clients.session(resource, command.getCommandId(), clock.instant())) {
      long begin = System.nanoTime();
      outcome = actOnItsOwnName(command, action, session, dryRun, look);
      RedressMeters.actionDuration(action.name(), Duration.ofNanos(System.nanoTime() - begin));
      principal = session.principal().orElse(null);
    } catch (AwsClients.AccountNotReachable e) {
      LOG.warn("command {} ({} on {}) refused: {}", Printable.of(command.getCommandId()), action.name(),
          Printable.of(resource.getId()), e.getMessage());
      outcome = ActionOutcome.failed("refused: " + e.getMessage() + ", so nothing was read or changed", null,
          List.of());
    } catch (RuntimeException e) {
      // Reaching here means the action could not even start (the role could not be assumed) or broke its promise
      // to report AWS errors itself; either way the command gets a result rather than stopping the executor.
      LOG.warn("command {} ({} on {}) failed", Printable.of(command.getCommandId()), action.name(),
          Printable.of(resource.getId()), e);
      String as = role.map(arn -> " as " + arn).orElse("");
      outcome = ActionOutcome.failed(action.name() + " on " + resource.getId() + as + " failed: " + e.getMessage(),
          null, List.of());
      principal = role.orElse(null);
    }
    if (outcome.status() == RemediationStatus.FAILED && !outcome.triedAChange()
        && Thread.currentThread().isInterrupted()) {
      // The failure is the stop's, not the resource's; run again, the command reads and acts afresh. An action stopped
      // once it began a change is answered as it ended: that keeps what it read before and says what it did.
      throw new StoppedBeforeChanging("command " + Printable.of(command.getCommandId()) + " (" + action.name() + " on "
          + Printable.of(resource.getId()) + ") was stopped before it changed anything",
          answer(command, outcome, principal));
    }
    return result(command, outcome, principal);
  }

  /**
   * An action the executor's stop failed before it changed anything, which the command's next run can do whole.
   *
   * @param answer the command's {@code FAILED} result, for when it has to be answered now all the same
   */
  public static final class StoppedBeforeChanging extends RuntimeException {
    private final RemediationResult answer;

    StoppedBeforeChanging(String message, RemediationResult answer) {
      super(message);
      this.answer = answer;
    }

    public RemediationResult answer() {
      return answer;
    }
  }

  /**
   * Runs the action on the resource under the name exceptions are written on. A finding may name a resource by an id
   * only AWS can turn into that name (Config names a DB instance by its DbiResourceId): exceptions were checked on the
   * id it gave, and are checked again on the name found before anything is read or changed under it. So are they on
   * the tags the resource carries in AWS now, while an exception scoped to a tag is in force for the command. The
   * action is given the same look, for the resources it changes besides the one named.
   */
  private ActionOutcome actOnItsOwnName(RemediationCommand command, RemediationAction action, AwsSession session,
      boolean dryRun, LastLook look) {
    Resource given = command.getResource();
    RemediationAction.Identity identity = action.identify(session, given);
    if (identity instanceof RemediationAction.Identity.Unknown unknown) {
      return ActionOutcome.failed(unknown.why() + ", so nothing was changed", null, unknown.calls());
    }
    RemediationAction.Identity.Named identified = (RemediationAction.Identity.Named) identity;
    Resource named = identified.resource();
    List<String> calls = new ArrayList<>(identified.calls());
    if (!calls.isEmpty()) {
      Optional<AppliedException> inForce = look.match(named).inForce();
      if (inForce.isPresent()) {
        return new ActionOutcome(RemediationStatus.EXCEPTED, null, null, ExceptionMatch.describe(inForce.get())
            + ". It covers " + named.getId() + ", which the finding named " + given.getId()
            + ", so nothing was changed.", calls);
      }
    }
    if (action.liveTags().isPresent() && look.anyScopedToTag()) {
      Optional<ActionOutcome> excepted = exceptedByLiveTags(action.liveTags().get(), session, named, look, calls);
      if (excepted.isPresent()) {
        return excepted.get();
      }
    }
    ActionOutcome acted = action.execute(session, named, look, dryRun);
    return new ActionOutcome(acted.status(), acted.before(), acted.after(), acted.message(),
        Stream.concat(calls.stream(), acted.apiCalls().stream()).toList());
  }

  /**
   * The last look by the tags the resource carries in AWS now: a finding from AWS Config carries none, another's may
   * be stale. When they cannot be read, nothing is changed, as when an action cannot read the state it would change:
   * an exception scoped to a tag is in force, and acting could break the promise it made.
   *
   * @param calls the calls made so far, to which the read's are added
   */
  private Optional<ActionOutcome> exceptedByLiveTags(LiveTags liveTags, AwsSession session, Resource resource,
      LastLook look, List<String> calls) {
    Map<String, String> tags;
    try {
      tags = liveTags.reader().read(session, resource, calls);
    } catch (SdkException e) {
      return Optional.of(ActionOutcome.failed(calls.get(calls.size() - 1) + " on " + resource.getId() + " failed: "
          + CheckedChange.describe(e) + "; an exception scoped to a tag is in force and the resource's tags could not"
          + " be read, so nothing was changed", null, calls));
    }
    Resource tagged = Resource.newBuilder(resource).setTags(tags).build();
    return look.match(tagged).inForce().map(inForce -> new ActionOutcome(
        RemediationStatus.EXCEPTED, null, null, ExceptionMatch.describe(inForce) + ". It covers " + resource.getId()
            + " by the tags it carries in AWS now, so nothing was changed.", calls));
  }

  private void countResult(RemediationCommand command, RemediationStatus status) {
    Optional<RemediationAction> action = catalogue.named(command.getAction());
    boolean registered = action.isPresent() && action.get().controls().contains(command.getControl());
    RedressMeters.commandResult(registered ? command.getControl() : RedressMeters.UNREGISTERED,
        registered ? action.get().name() : RedressMeters.UNREGISTERED, status.name());
  }

  /** Without AWS access nothing can be read, so the plan is the action's declared calls. */
  private static ActionOutcome offlinePlan(RemediationAction action, Resource resource) {
    return new ActionOutcome(RemediationStatus.DRY_RUN, null, null,
        "no AWS access is configured, so nothing was read or changed; planned on " + resource.getId() + ": "
            + action.summary(),
        action.plannedCalls());
  }

  /** The command's result, counted and logged. */
  private RemediationResult result(RemediationCommand command, ActionOutcome acted, String principal) {
    RemediationResult result = answer(command, acted, principal);
    countResult(command, result.getStatus());
    // What the command names may be anything its writer put there; printed raw, it could forge log lines.
    LOG.info("command {}: {} {} on {}", Printable.of(command.getCommandId()), result.getStatus(),
        Printable.of(command.getAction()), Printable.of(command.getResource().getId()));
    return result;
  }

  /**
   * Every result of a dry run, whatever stopped it, says it was one when it failed ({@link ActionOutcome#DRY_RUN}); so
   * does one of an executor without AWS access, which can only plan.
   */
  private RemediationResult answer(RemediationCommand command, ActionOutcome acted, String principal) {
    ActionOutcome outcome = command.getDryRun() || aws.forceDryRun() || !aws.configured() ? acted.inDryRun() : acted;
    return RemediationResult.newBuilder()
        .setCommandId(command.getCommandId())
        .setControl(command.getControl())
        .setAction(command.getAction())
        .setResource(command.getResource())
        .setStatus(outcome.status())
        .setBefore(outcome.before())
        .setAfter(outcome.after())
        .setMessage(outcome.message())
        .setApiCalls(outcome.apiCalls())
        .setPrincipal(principal)
        .setReleasedBy(command.getReleasedBy())
        .setExecutedAt(clock.instant())
        .build();
  }

  @Override
  public void close() {
    clients.close();
  }
}
