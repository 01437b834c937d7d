package io.redress.remediation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * write management events, every other selector kept. Single-Region trails are never read further nor changed, and
 * Redress never creates a trail: that needs a bucket for the logs, its policy and retention, choices a person makes.
 */
public final class TrailLogging extends AccountAction<TrailLogging.State> {

  static final String STATUS = "cloudtrail:GetTrailStatus";
  static final String GET_SELECTORS = "cloudtrail:GetEventSelectors";
  static final String START = "cloudtrail:StartLogging";
  static final String PUT_SELECTORS = "cloudtrail:PutEventSelectors";
  static final String NO_TRAIL = "Redress never creates a trail, as that needs an S3 bucket for the logs, its bucket"
      + " policy, retention and encryption, choices a person must make: create a multi-Region trail logging read"
      + " and write management events (the lesson shows one)";

  /** The multi-Region trails the finding's region sees, by ARN. */
  record State(String account, String region, List<MultiRegionTrail> multiRegionTrails) {
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
    return List.of(TrailAction.DESCRIBE, STATUS, GET_SELECTORS, START, PUT_SELECTORS);
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
    return new State(calls.resource().getAccount(), calls.resource().getRegion(), trails.stream()
        .filter(trail -> Boolean.TRUE.equals(trail.isMultiRegionTrail()))
        .sorted(Comparator.comparing(Trail::trailARN))
        .map(trail -> read(calls, trail.trailARN()))
        .toList());
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

  /** The account's own multi-Region trail needing the fewest changes, the first by ARN among equals. */
  private static MultiRegionTrail chosen(State state) {
    if (state.multiRegionTrails().isEmpty()) {
      throw new CheckedChange.Refused("account " + state.account() + " has no multi-Region trail in "
          + state.region() + ". " + NO_TRAIL);
    }
    return state.multiRegionTrails().stream().filter(trail -> trail.changeableIn(state.account()))
        .min(Comparator.comparingInt(MultiRegionTrail::changes))
        .orElseThrow(() -> new CheckedChange.Refused("no multi-Region trail seen in " + state.region()
            + " can be changed by Redress: each belongs to another account (an organization trail, changed there)"
            + " or selects events with advanced event selectors, which Redress does not rewrite; make one log read"
            + " and write management events by hand"));
  }
}
