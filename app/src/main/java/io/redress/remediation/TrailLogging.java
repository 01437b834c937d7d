package io.redress.remediation;

import io.redress.contract.Resource;
import io.redress.exceptions.ExceptionMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/**
 * Makes sure the account has a multi-Region trail logging read and write management events in the finding's region
 * (Security Hub CloudTrail.1). Security Hub, AWS Config's {@code multi-region-cloudtrail-enabled} and Prowler's
 * {@code cloudtrail_multi_region_enabled} report it on the account, not on a trail, so the action reads the trails
 * the region sees (multi-Region ones homed elsewhere included). If none complies, the account's own multi-Region
 * trail needing the fewest changes gets them: logging started, and its basic event selectors widened to read and
 * write management events, every other selector kept. A trail an exception covers, by its ARN or by the tags it
 * carries, is left as it is and the next one chosen; when exceptions cover every trail that could be chosen, nothing
 * is changed. Single-Region trails are never read further nor changed, and Redress never creates a trail: that needs a
 * bucket for the logs, its policy and retention, choices a person makes.
 */
public final class TrailLogging extends AccountAction<TrailLogging.State> {

  static final String STATUS = "cloudtrail:GetTrailStatus";
  static final String GET_SELECTORS = "cloudtrail:GetEventSelectors";
  static final String START = "cloudtrail:StartLogging";
  static final String PUT_SELECTORS = "cloudtrail:PutEventSelectors";
  static final String NO_TRAIL = "Redress never creates a trail, as that needs an S3 bucket for the logs, its bucket"
      + " policy, retention and encryption, choices a person must make: create a multi-Region trail logging read"
      + " and write management events (the lesson shows one)";

  private static final String TYPE = "AwsCloudTrailTrail";

  /**
   * The multi-Region trails the finding's region sees, by ARN.
   *
   * @param exceptedTrails those the change would have chosen, best first, that an exception covers; asked about only
   *     when no trail complies
   */
  record State(String account, String region, List<MultiRegionTrail> multiRegionTrails,
      List<ExceptedTrail> exceptedTrails) {
  }

  /** @param exception the exception covering it, as a result cites one */
  record ExceptedTrail(String arn, String exception) {
  }

  /**
   * One multi-Region trail.
   *
   * @param managementEvents which management events its selectors log: All, ReadOnly, WriteOnly or None
   * @param advancedSelectors whether it selects events with advanced event selectors, which Redress does not rewrite
   */
  record MultiRegionTrail(String arn, boolean logging, String managementEvents, boolean advancedSelectors) {

    boolean compliant() {
      return logging && TrailManagementEvents.ALL.equals(managementEvents);
    }

    int changes() {
      return (logging ? 0 : 1) + (TrailManagementEvents.ALL.equals(managementEvents) ? 0 : 1);
    }

    boolean changeableIn(String account) {
      return Arn.tryFromString(arn).flatMap(Arn::accountId).filter(account::equals).isPresent()
          && !(advancedSelectors && !TrailManagementEvents.ALL.equals(managementEvents));
    }
  }

  @Override
  public String name() {
    return "cloudtrail-logging-on";
  }

  @Override
  public Set<String> controls() {
    return Set.of("CloudTrail.1");
  }

  @Override
  public List<String> permissions() {
    return List.of(TrailAction.DESCRIBE, STATUS, GET_SELECTORS, START, PUT_SELECTORS, LiveTags.TRAIL_TAGS);
  }

  @Override
  public String summary() {
    return "Starts logging on a multi-Region trail of the account and widens its event selectors to read and write"
        + " management events if they are narrower; never creates a trail nor touches a single-Region one.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(TrailAction.DESCRIBE, STATUS, GET_SELECTORS, GET_SELECTORS, START, PUT_SELECTORS,
        TrailAction.DESCRIBE, STATUS, GET_SELECTORS);
  }

  @Override
  protected State read(Calls calls) {
    List<Trail> trails = calls.call(TrailAction.DESCRIBE).client(CloudTrailClient::builder)
        .describeTrails(r -> r.includeShadowTrails(true)).trailList();
    String account = calls.resource().getAccount();
    List<MultiRegionTrail> multiRegion = trails.stream()
        .filter(trail -> Boolean.TRUE.equals(trail.isMultiRegionTrail()))
        .sorted(Comparator.comparing(Trail::trailARN))
        .map(trail -> read(calls, trail.trailARN()))
        .toList();
    List<ExceptedTrail> excepted = new ArrayList<>();
    if (multiRegion.stream().noneMatch(MultiRegionTrail::compliant)) {
      // Only the trails the change would choose from are asked about, best first, until one no exception covers: the
      // account is judged on every trail, and a policy limited to tagged resources lets only those be read for tags.
      for (MultiRegionTrail trail : byPreference(multiRegion, account)) {
        Optional<String> exception = calls.exceptionFor(trail(calls, trail.arn())).map(ExceptionMatch::describe);
        if (exception.isEmpty()) {
          break;
        }
        excepted.add(new ExceptedTrail(trail.arn(), exception.get()));
      }
    }
    return new State(account, calls.resource().getRegion(), multiRegion, List.copyOf(excepted));
  }

  /**
   * The trail as its exceptions are matched: by its ARN, and by its tags, read in its home region only while an
   * exception scoped to a tag is in force for the command.
   */
  private static Resource trail(Calls calls, String arn) {
    Map<String, String> tags = calls.anyScopedToTag()
        ? calls.liveTags(LiveTags.CLOUDTRAIL_TRAIL, calls.part(TYPE, arn, Map.of())) : Map.of();
    return calls.part(TYPE, arn, tags);
  }

  /** The account's own trails Redress can change, those needing the fewest changes first, by ARN among equals. */
  private static List<MultiRegionTrail> byPreference(List<MultiRegionTrail> trails, String account) {
    return trails.stream().filter(trail -> trail.changeableIn(account))
        .sorted(Comparator.comparingInt(MultiRegionTrail::changes).thenComparing(MultiRegionTrail::arn)).toList();
  }

  private static MultiRegionTrail read(Calls calls, String arn) {
    boolean logging = Boolean.TRUE.equals(
        TrailAction.cloudTrail(calls, STATUS, arn).getTrailStatus(r -> r.name(arn)).isLogging());
    GetEventSelectorsResponse selectors =
        TrailAction.cloudTrail(calls, GET_SELECTORS, arn).getEventSelectors(r -> r.trailName(arn));
    boolean advanced = !selectors.advancedEventSelectors().isEmpty();
    String management = advanced
        ? TrailManagementEvents.loggedByAdvanced(selectors.advancedEventSelectors())
        : TrailManagementEvents.logged(selectors.eventSelectors());
    return new MultiRegionTrail(arn, logging, management, advanced);
  }

  @Override
  protected boolean compliant(State state) {
    return state.multiRegionTrails().stream().anyMatch(MultiRegionTrail::compliant);
  }

  @Override
  protected List<String> leftAlone(State state) {
    return state.exceptedTrails().stream()
        .map(excepted -> "the trail " + excepted.arn() + " is left as it is by " + excepted.exception()).toList();
  }

  @Override
  protected String plan(State before) {
    MultiRegionTrail trail = chosen(before);
    List<String> steps = new ArrayList<>();
    if (!trail.logging()) {
      steps.add("start logging");
    }
    if (!TrailManagementEvents.ALL.equals(trail.managementEvents())) {
      steps.add("log read and write management events (" + trail.managementEvents() + " before)");
    }
    return String.join(" and ", steps) + " on the multi-Region trail " + trail.arn();
  }

  /** The trail's event selectors are widened as the change would widen them, which may refuse. */
  @Override
  protected void rehearse(Calls calls, State before) {
    widened(calls, chosen(before));
  }

  /**
   * The trail's event selectors with read and write management events logged, or empty when they are already; read
   * and judged before anything is changed, so a trail with no room for them is refused untouched.
   */
  private static Optional<List<EventSelector>> widened(Calls calls, MultiRegionTrail trail) {
    if (TrailManagementEvents.ALL.equals(trail.managementEvents())) {
      return Optional.empty();
    }
    String arn = trail.arn();
    return Optional.of(TrailManagementEvents.widened(TrailAction.cloudTrail(calls, GET_SELECTORS, arn)
        .getEventSelectors(r -> r.trailName(arn)).eventSelectors(), arn));
  }

  @Override
  protected void change(Calls calls, State before) {
    MultiRegionTrail trail = chosen(before);
    String arn = trail.arn();
    Optional<List<EventSelector>> widened = widened(calls, trail);
    if (!trail.logging()) {
      TrailAction.cloudTrail(calls, START, arn).startLogging(r -> r.name(arn));
    }
    try {
      widened.ifPresent(selectors -> TrailAction.cloudTrail(calls, PUT_SELECTORS, arn)
          .putEventSelectors(r -> r.trailName(arn).eventSelectors(selectors)));
    } catch (SdkException e) {
      if (!trail.logging()) {
        calls.note("the trail " + arn + " was started logging before this failed");
      }
      throw e;
    }
  }

  /** Only the calls the chosen trail needs: starting it, widening its selectors, or both. */
  @Override
  protected List<String> plannedCalls(State before) {
    MultiRegionTrail trail = chosen(before);
    List<String> calls = new ArrayList<>(List.of(TrailAction.DESCRIBE, STATUS, GET_SELECTORS));
    boolean widen = !TrailManagementEvents.ALL.equals(trail.managementEvents());
    if (widen) {
      calls.add(GET_SELECTORS);
    }
    if (!trail.logging()) {
      calls.add(START);
    }
    if (widen) {
      calls.add(PUT_SELECTORS);
    }
    calls.addAll(List.of(TrailAction.DESCRIBE, STATUS, GET_SELECTORS));
    return List.copyOf(calls);
  }

  /**
   * The account's own multi-Region trail needing the fewest changes, the first by ARN among equals, of those no
   * exception covers.
   */
  private static MultiRegionTrail chosen(State state) {
    if (state.multiRegionTrails().isEmpty()) {
      throw new CheckedChange.Refused("account " + state.account() + " has no multi-Region trail in "
          + state.region() + ". " + NO_TRAIL);
    }
    Set<String> excepted = state.exceptedTrails().stream().map(ExceptedTrail::arn).collect(Collectors.toSet());
    List<MultiRegionTrail> changeable = byPreference(state.multiRegionTrails(), state.account());
    if (!changeable.isEmpty() && excepted.size() == changeable.size()) {
      throw new CheckedChange.AllExcepted();
    }
    return changeable.stream().filter(trail -> !excepted.contains(trail.arn())).findFirst()
        .orElseThrow(() -> new CheckedChange.Refused("no multi-Region trail seen in " + state.region()
            + " can be changed by Redress: each belongs to another account (an organization trail, changed there)"
            + " or selects events with advanced event selectors, which Redress does not rewrite; make one log read"
            + " and write management events by hand"));
  }
}
